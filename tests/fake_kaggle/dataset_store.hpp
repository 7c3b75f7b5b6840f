#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.hpp"
#include "util/error.hpp"

namespace fk::fake_kaggle {

// One file of one dataset version.
struct DatasetFile {
  std::string name;            // path inside the version, '/'-separated, UTF-8 (e.g. "sub/שלום.csv")
  std::filesystem::path path;  // where it lives on disk
  std::uint64_t size = 0;
  util::TimePoint mtime;
};

// What dataset.json says about a dataset; missing keys keep these defaults.
struct DatasetMeta {
  std::string title;           // default: the slug
  std::string subtitle;
  std::string description;
  std::string license_name = "CC0-1.0";
  std::string metadata_license_name; // what GetDatasetMetadata lists; empty: license_name
  bool is_private = false;
  std::vector<std::string> tags;
  std::string creator_name;    // default: the owner
  std::optional<std::string> last_updated; // ISO-8601; default: newest file's mtime
  std::int64_t download_count = 0;
  std::int64_t view_count = 0;
  std::int64_t vote_count = 0;
  double usability_rating = 0.0;
};

// A dataset folder DIR/<owner>/<slug> with at least one versions/<N> folder.
struct Dataset {
  std::string owner;
  std::string slug;
  std::filesystem::path dir;
  DatasetMeta meta;
  std::vector<std::int64_t> versions; // ascending

  // Return "owner/slug".
  [[nodiscard]] std::string ref() const { return owner + "/" + slug; }
  // Return the highest version number.
  [[nodiscard]] std::int64_t current_version() const { return versions.back(); }
  // Return true when version `number` exists.
  [[nodiscard]] bool has_version(std::int64_t number) const;
  // Return a stable positive id derived from the ref.
  [[nodiscard]] std::int64_t id() const;
};

// Read datasets from the data folder on every call, so tests can add versions while the server runs.
class DatasetStore {
public:
  // Serve the datasets below `root`.
  explicit DatasetStore(std::filesystem::path root);

  // Find `owner`/`slug`; not_found when it does not exist or has no version.
  [[nodiscard]] util::Result<Dataset> find(std::string_view owner, std::string_view slug) const;

  // Return every dataset, sorted by ref; unreadable ones are skipped and reported on stderr.
  [[nodiscard]] std::vector<Dataset> list() const;

  // Return the files of `version` of `dataset`, sorted by name.
  [[nodiscard]] util::Result<std::vector<DatasetFile>> files(const Dataset& dataset, std::int64_t version) const;

  // Return the data folder.
  [[nodiscard]] const std::filesystem::path& root() const { return m_root; }

private:
  std::filesystem::path m_root;
};

// Return true when `name` can be a single path segment (owner or slug): not empty, no '/', not "." or "..".
bool is_safe_segment(std::string_view name);

// Return the sum of the sizes of `files`.
std::uint64_t total_bytes(const std::vector<DatasetFile>& files);

// Return the newest mtime among `files`, or the epoch when there are none.
util::TimePoint newest_mtime(const std::vector<DatasetFile>& files);

// Return the last-updated time of a dataset as ISO-8601: from its metadata, else from its files.
std::string last_updated_iso(const Dataset& dataset, const std::vector<DatasetFile>& files);

} // namespace fk::fake_kaggle
