#include "fake_kaggle/dataset_store.hpp"

#include "fake_kaggle/json_read.hpp"
#include "util/fs.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <system_error>

namespace fk::fake_kaggle {

namespace fs = std::filesystem;

namespace {

util::Error not_found(std::string what) {
  return util::make_error(util::ErrorKind::not_found, std::move(what), "no such dataset, version or file",
                          "check the reference, or add the folder under the --datasets directory");
}

util::TimePoint to_system_time(fs::file_time_type t) {
  return std::chrono::time_point_cast<util::TimePoint::duration>(std::chrono::file_clock::to_sys(t));
}

std::optional<std::int64_t> parse_version(const std::string& name) {
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), number);
  if (ec != std::errc() || end != name.data() + name.size() || number <= 0) return std::nullopt;
  return number;
}

// Store member `key` (read with `reader`) into `target` when it is present.
template <class T, class Reader>
util::Status assign_member(Reader reader, const simdjson::dom::object& object, std::string_view key,
                           std::string_view what, T& target) {
  auto value = reader(object, key, what);
  if (!value) return value.error();
  if (*value) target = **value;
  return util::Ok{};
}

util::Result<DatasetMeta> read_meta(const fs::path& dir, std::string_view owner, std::string_view slug) {
  DatasetMeta meta;
  meta.title = std::string(slug);
  meta.creator_name = std::string(owner);
  const fs::path file = dir / "dataset.json";
  std::error_code ec;
  if (!fs::exists(file, ec)) return meta;
  auto text = util::read_file(file);
  if (!text) return text.error();
  const std::string what = "dataset metadata " + file.string();
  simdjson::dom::parser parser;
  auto object = parse_json_object(parser, *text, what);
  if (!object) return object.error();
  const util::Status steps[] = {
      assign_member(read_string, *object, "title", what, meta.title),
      assign_member(read_string, *object, "subtitle", what, meta.subtitle),
      assign_member(read_string, *object, "description", what, meta.description),
      assign_member(read_string, *object, "licenseName", what, meta.license_name),
      assign_member(read_string, *object, "metadataLicenseName", what, meta.metadata_license_name),
      assign_member(read_bool, *object, "isPrivate", what, meta.is_private),
      assign_member(read_string, *object, "creatorName", what, meta.creator_name),
      assign_member(read_string, *object, "lastUpdated", what, meta.last_updated),
      assign_member(read_int, *object, "downloadCount", what, meta.download_count),
      assign_member(read_int, *object, "viewCount", what, meta.view_count),
      assign_member(read_int, *object, "voteCount", what, meta.vote_count),
      assign_member(read_double, *object, "usabilityRating", what, meta.usability_rating),
  };
  for (const util::Status& step : steps) {
    if (!step) return step.error();
  }
  auto tags = read_string_array(*object, "tags", what);
  if (!tags) return tags.error();
  meta.tags = std::move(*tags);
  return meta;
}

} // namespace

bool is_safe_segment(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

bool Dataset::has_version(std::int64_t number) const {
  return std::binary_search(versions.begin(), versions.end(), number);
}

std::int64_t Dataset::id() const {
  std::uint64_t hash = 1469598103934665603ULL; // FNV-1a
  for (const char c : ref()) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return static_cast<std::int64_t>(hash % 900000000ULL) + 100000;
}

DatasetStore::DatasetStore(fs::path root) : m_root(std::move(root)) {}

util::Result<Dataset> DatasetStore::find(std::string_view owner, std::string_view slug) const {
  const std::string ref = std::string(owner) + "/" + std::string(slug);
  if (!is_safe_segment(owner) || !is_safe_segment(slug)) return not_found("dataset " + ref);
  Dataset dataset;
  dataset.owner = std::string(owner);
  dataset.slug = std::string(slug);
  dataset.dir = m_root / dataset.owner / dataset.slug;
  std::error_code ec;
  if (!fs::is_directory(dataset.dir, ec)) return not_found("dataset " + ref);
  for (const std::string& name : util::list_names(dataset.dir / "versions")) {
    if (!fs::is_directory(dataset.dir / "versions" / name, ec)) continue;
    if (const auto number = parse_version(name)) dataset.versions.push_back(*number);
  }
  if (dataset.versions.empty()) return not_found("dataset " + ref + " (no versions/<N> folder)");
  std::sort(dataset.versions.begin(), dataset.versions.end());
  auto meta = read_meta(dataset.dir, owner, slug);
  if (!meta) return meta.error();
  dataset.meta = std::move(*meta);
  return dataset;
}

std::vector<Dataset> DatasetStore::list() const {
  std::vector<Dataset> out;
  for (const std::string& owner : util::list_names(m_root)) {
    for (const std::string& slug : util::list_names(m_root / owner)) {
      auto dataset = find(owner, slug);
      if (dataset) {
        out.push_back(std::move(*dataset));
      } else if (dataset.error().kind != util::ErrorKind::not_found) {
        std::cerr << "fake-kaggle: skipping " << owner << "/" << slug << ": " << dataset.error().message() << "\n";
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Dataset& a, const Dataset& b) { return a.ref() < b.ref(); });
  return out;
}

util::Result<std::vector<DatasetFile>> DatasetStore::files(const Dataset& dataset, std::int64_t version) const {
  if (!dataset.has_version(version)) {
    return not_found("version " + std::to_string(version) + " of dataset " + dataset.ref());
  }
  const fs::path base = dataset.dir / "versions" / std::to_string(version);
  std::vector<DatasetFile> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    DatasetFile file;
    file.path = it->path();
    file.name = it->path().lexically_relative(base).generic_string();
    file.size = it->file_size(ec);
    file.mtime = to_system_time(it->last_write_time(ec));
    if (ec) break;
    out.push_back(std::move(file));
  }
  if (ec) return util::io_error("cannot list the files of " + base.string(), ec.value(), base);
  std::sort(out.begin(), out.end(), [](const DatasetFile& a, const DatasetFile& b) { return a.name < b.name; });
  return out;
}

std::uint64_t total_bytes(const std::vector<DatasetFile>& files) {
  std::uint64_t sum = 0;
  for (const DatasetFile& file : files) sum += file.size;
  return sum;
}

util::TimePoint newest_mtime(const std::vector<DatasetFile>& files) {
  util::TimePoint newest{};
  for (const DatasetFile& file : files) newest = std::max(newest, file.mtime);
  return newest;
}

std::string last_updated_iso(const Dataset& dataset, const std::vector<DatasetFile>& files) {
  if (dataset.meta.last_updated) return *dataset.meta.last_updated;
  return util::format_iso8601(newest_mtime(files), true);
}

} // namespace fk::fake_kaggle
