#include "download/state.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

#include <sstream>

namespace fk::download {

namespace fs = std::filesystem;

fs::path state_path(const layout::Layout& layout) { return layout.area("metadata") / "download_state.json"; }

namespace {

util::Result<DownloadState> parse_state(const fs::path& path) {
  simdjson::dom::parser parser;
  auto doc = util::parse_json_file(parser, path);
  if (!doc) return doc.error();
  if (util::json_string(*doc, "schema") != "fetch-kaggle/download-state") {
    return util::make_error(util::ErrorKind::integrity, path.string() + " is not a download state file", "wrong schema");
  }
  DownloadState state;
  simdjson::dom::object datasets;
  if ((*doc)["datasets"].get(datasets) == simdjson::SUCCESS) {
    for (auto [key, value] : datasets) {
      DatasetState d;
      d.version = util::json_int(value, "version");
      d.fetched_at = util::json_string(value, "fetched_at");
      d.day = util::json_string(value, "day");
      d.archive_md5 = util::json_string(value, "archive_md5");
      d.archive_bytes = static_cast<std::uint64_t>(util::json_int(value, "archive_bytes"));
      simdjson::dom::array files;
      if (value["files"].get(files) == simdjson::SUCCESS) {
        for (simdjson::dom::element glob : files) {
          std::string_view text;
          if (glob.get(text) == simdjson::SUCCESS) d.files.emplace_back(text);
        }
      }
      state.datasets[std::string(key)] = d;
    }
  }
  return state;
}

std::string serialise(const DownloadState& state) {
  std::ostringstream out;
  util::JsonWriter json(out);
  json.begin_object().field("schema", "fetch-kaggle/download-state").field("schema_version", 1);
  json.key("datasets").begin_object();
  for (const auto& [ref, d] : state.datasets) {
    json.key(ref).begin_object();
    json.field("version", d.version).field("fetched_at", d.fetched_at).field("day", d.day);
    json.field("archive_md5", d.archive_md5).field("archive_bytes", d.archive_bytes);
    json.key("files").begin_array();
    for (const std::string& glob : d.files) json.value(glob);
    json.end_array();
    json.end_object();
  }
  json.end_object().end_object();
  return out.str();
}

} // namespace

util::Result<DownloadState> read_state(const layout::Layout& layout, std::string& warning) {
  const fs::path path = state_path(layout);
  const fs::path backup = path.string() + ".bak";
  std::error_code ec;
  if (!fs::exists(path, ec) && !fs::exists(backup, ec)) return DownloadState{};
  auto state = parse_state(path);
  if (state) return state;
  auto previous = parse_state(backup);
  if (previous) {
    warning = state.error().message() + "; using the backup " + backup.string();
    return previous;
  }
  return util::make_error(util::ErrorKind::integrity, "cannot read the download state " + path.string(),
                          state.error().why + " (and the backup: " + previous.error().why + ")",
                          "delete both files to start afresh: every dataset is then fetched once more");
}

util::Status write_state(const layout::Layout& layout, const DownloadState& state) {
  const fs::path path = state_path(layout);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    // Keep the last good state: only a readable file becomes the backup.
    std::string ignored;
    if (parse_state(path)) {
      auto current = util::read_file(path);
      if (current) {
        if (auto status = util::write_file_atomic(path.string() + ".bak", *current); !status) return status;
      }
    }
  }
  return util::write_file_atomic(path, serialise(state));
}

fs::path dataset_metadata_path(const layout::Layout& layout, const std::string& owner, const std::string& slug) {
  return layout.area("metadata") / "datasets" / owner / (slug + ".json");
}

std::optional<std::string> recorded_license(const layout::Layout& layout, const std::string& owner,
                                            const std::string& slug) {
  const fs::path path = dataset_metadata_path(layout, owner, slug);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  simdjson::dom::parser parser;
  auto doc = util::parse_json_file(parser, path);
  if (!doc) return std::nullopt;
  std::string license = util::json_string(*doc, "license");
  if (license.empty()) return std::nullopt;
  return license;
}

util::Status write_dataset_metadata(const layout::Layout& layout, const kaggle::Dataset& dataset,
                                    const std::string& license, std::int64_t version, const std::string& day,
                                    const std::string& fetched_at) {
  const std::string owner = dataset.ref.substr(0, dataset.ref.find('/'));
  const std::string slug = dataset.ref.substr(dataset.ref.find('/') + 1);
  const fs::path path = dataset_metadata_path(layout, owner, slug);
  if (auto status = util::create_directories(path.parent_path()); !status) return status;

  // Keep the versions recorded by earlier runs.
  struct Fetched {
    std::int64_t version;
    std::string day;
    std::string fetched_at;
  };
  std::vector<Fetched> versions;
  simdjson::dom::parser parser;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (auto doc = util::parse_json_file(parser, path)) {
      simdjson::dom::array list;
      if ((*doc)["versions_fetched"].get(list) == simdjson::SUCCESS) {
        for (simdjson::dom::element v : list) {
          const std::int64_t number = util::json_int(v, "version");
          const std::string on = util::json_string(v, "day");
          if (number == version && on == day) continue;
          versions.push_back({number, on, util::json_string(v, "fetched_at")});
        }
      }
    }
  }
  versions.push_back({version, day, fetched_at});

  std::ostringstream out;
  util::JsonWriter json(out);
  json.begin_object().field("schema", "fetch-kaggle/dataset-metadata").field("schema_version", 1);
  json.field("ref", dataset.ref).field("title", dataset.title).field("subtitle", dataset.subtitle);
  json.field("creator", dataset.creator_name).field("url", dataset.url).field("license", license);
  json.field("total_bytes", dataset.total_bytes).field("last_updated", dataset.last_updated);
  json.field("download_count", dataset.download_count).field("current_version", dataset.current_version_number);
  json.key("tags").begin_array();
  for (const std::string& tag : dataset.tags) json.value(tag);
  json.end_array();
  json.key("versions_fetched").begin_array();
  for (const Fetched& f : versions) {
    json.begin_object().field("version", f.version).field("day", f.day).field("fetched_at", f.fetched_at).end_object();
  }
  json.end_array().end_object();
  return util::write_file_atomic(path, out.str());
}

} // namespace fk::download
