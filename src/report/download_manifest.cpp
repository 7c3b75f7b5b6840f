#include "report/download_manifest.hpp"

#include "util/hash.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <sstream>

namespace fk::report {

const ManifestDataset* DownloadManifest::find(const std::string& ref) const {
  for (const ManifestDataset& dataset : datasets) {
    if (dataset.ref == ref) return &dataset;
  }
  return nullptr;
}

void DownloadManifest::merge(ManifestDataset entry) {
  auto it = std::find_if(datasets.begin(), datasets.end(), [&](const ManifestDataset& d) { return d.ref == entry.ref; });
  if (it == datasets.end()) {
    datasets.push_back(std::move(entry));
  } else if (entry.status == "downloaded" || it->status != "downloaded") {
    *it = std::move(entry);
  }
  std::sort(datasets.begin(), datasets.end(), [](const auto& a, const auto& b) { return a.ref < b.ref; });
}

void write_manifest_json(std::ostream& out, const DownloadManifest& manifest) {
  util::JsonWriter json(out);
  json.begin_object();
  json.field("schema", "fetch-kaggle/download-manifest").field("schema_version", 1);
  json.field("day", manifest.day).field("updated_at", manifest.updated_at).field("tool_version", manifest.tool_version);
  json.key("datasets").begin_array();
  for (const ManifestDataset& d : manifest.datasets) {
    std::uint64_t total_bytes = 0;
    std::uint64_t total_records = 0;
    for (const ManifestFile& f : d.files) {
      total_bytes += f.bytes;
      total_records += f.records.value_or(0);
    }
    json.begin_object();
    json.field("ref", d.ref).field("version", d.version).field("status", d.status);
    if (!d.reason.empty()) json.field("reason", d.reason);
    if (!d.error_kind.empty()) json.field("error_kind", d.error_kind);
    json.field("title", d.title).field("license", d.license).field("source_url", d.source_url);
    json.field("fetched_at", d.fetched_at);
    if (!d.unchanged_day.empty()) json.field("unchanged_day", d.unchanged_day);
    json.field("archive_bytes", d.archive_bytes).field("archive_md5", d.archive_md5);
    if (!d.selection.empty()) {
      json.key("selection").begin_array();
      for (const std::string& glob : d.selection) json.value(glob);
      json.end_array();
    }
    json.field("file_count", static_cast<std::uint64_t>(d.files.size()));
    json.field("total_bytes", total_bytes).field("total_records", total_records);
    json.key("files").begin_array();
    for (const ManifestFile& f : d.files) {
      json.begin_object().path_field("path", f.path).field("bytes", f.bytes).field("sha256", f.sha256);
      json.key("records");
      if (f.records) json.value(*f.records);
      else json.null();
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

namespace {
// Return the exact bytes of a path field: from <key>_hex when the writer had to replace invalid UTF-8.
std::string read_path(simdjson::dom::element object, std::string_view key) {
  const std::string hex = util::json_string(object, std::string(key) + "_hex");
  // A damaged _hex (not hex digits) falls back to the readable field, which then fails verification.
  std::optional<std::string> bytes = hex.empty() ? std::nullopt : util::from_hex(hex);
  return bytes ? *bytes : util::json_string(object, key);
}
} // namespace

util::Result<DownloadManifest> parse_manifest(std::string_view text, std::string_view origin) {
  simdjson::dom::parser parser;
  auto doc = util::parse_json_text(parser, text, origin);
  if (!doc) return doc.error();
  if (util::json_string(*doc, "schema") != "fetch-kaggle/download-manifest") {
    return util::make_error(util::ErrorKind::integrity, std::string(origin) + " is not a download manifest",
                            "its \"schema\" is not fetch-kaggle/download-manifest",
                            "older layouts are converted by `fetch-kaggle migrate`");
  }
  DownloadManifest manifest;
  manifest.day = util::json_string(*doc, "day");
  manifest.updated_at = util::json_string(*doc, "updated_at");
  manifest.tool_version = util::json_string(*doc, "tool_version");
  simdjson::dom::array datasets;
  if ((*doc)["datasets"].get(datasets) == simdjson::SUCCESS) {
    for (simdjson::dom::element d : datasets) {
      ManifestDataset entry;
      entry.ref = util::json_string(d, "ref");
      entry.version = util::json_int(d, "version");
      entry.status = util::json_string(d, "status");
      entry.reason = util::json_string(d, "reason");
      entry.error_kind = util::json_string(d, "error_kind");
      entry.title = util::json_string(d, "title");
      entry.license = util::json_string(d, "license");
      entry.source_url = util::json_string(d, "source_url");
      entry.fetched_at = util::json_string(d, "fetched_at");
      entry.unchanged_day = util::json_string(d, "unchanged_day");
      entry.archive_bytes = static_cast<std::uint64_t>(util::json_int(d, "archive_bytes"));
      entry.archive_md5 = util::json_string(d, "archive_md5");
      simdjson::dom::array selection;
      if (d["selection"].get(selection) == simdjson::SUCCESS) {
        for (simdjson::dom::element glob : selection) {
          std::string_view pattern;
          if (glob.get(pattern) == simdjson::SUCCESS) entry.selection.emplace_back(pattern);
        }
      }
      simdjson::dom::array files;
      if (d["files"].get(files) == simdjson::SUCCESS) {
        for (simdjson::dom::element f : files) {
          ManifestFile file;
          file.path = read_path(f, "path");
          file.bytes = static_cast<std::uint64_t>(util::json_int(f, "bytes"));
          file.sha256 = util::json_string(f, "sha256");
          const std::int64_t records = util::json_int(f, "records", -1);
          if (records >= 0) file.records = static_cast<std::uint64_t>(records);
          entry.files.push_back(std::move(file));
        }
      }
      manifest.datasets.push_back(std::move(entry));
    }
  }
  return manifest;
}

util::Result<DownloadManifest> read_manifest(const std::filesystem::path& path) {
  auto text = util::read_file(path);
  if (!text) return text.error();
  return parse_manifest(*text, path.string());
}

util::Status write_manifest(const std::filesystem::path& path, const DownloadManifest& manifest) {
  std::ostringstream out;
  write_manifest_json(out, manifest);
  return util::write_file_atomic(path, out.str());
}

util::Status merge_manifest_file(const std::filesystem::path& from, const std::filesystem::path& to, ManifestDataset entry,
                                 const std::string& day, const std::string& now, const std::string& tool_version) {
  DownloadManifest manifest;
  if (auto existing = read_manifest(from)) {
    manifest = std::move(*existing);
  } else if (existing.error().kind != util::ErrorKind::not_found) {
    return existing.error();
  }
  manifest.day = day;
  manifest.updated_at = now;
  manifest.tool_version = tool_version;
  manifest.merge(std::move(entry));
  std::error_code ec;
  const bool new_folder = !std::filesystem::exists(to.parent_path(), ec);
  if (auto status = util::create_directories(to.parent_path()); !status) return status;
  auto written = write_manifest(to, manifest);
  if (!written && new_folder) std::filesystem::remove(to.parent_path(), ec); // leave no empty day behind
  return written;
}

} // namespace fk::report
