#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace fk::report {

// One file of a downloaded dataset, as published under raw/YYYYMMDD/<owner>/<slug>/.
struct ManifestFile {
  std::string path;                      // relative to the dataset folder, exact bytes
  std::uint64_t bytes = 0;
  std::string sha256;                    // lower-case hex
  std::optional<std::uint64_t> records;  // CSV data records (header excluded); CSV files only
};

// One dataset's entry in a day's download manifest.
struct ManifestDataset {
  std::string ref;               // owner/slug
  std::int64_t version = 0;      // Kaggle version number
  std::string status;            // downloaded | unchanged | failed
  std::string reason;            // why it failed, or why it was skipped
  std::string error_kind;        // for status failed: the error's kind (util::kind_name), e.g. not_found
  std::string title;
  std::string license;
  std::string source_url;
  std::string fetched_at;        // ISO 8601 UTC
  std::string unchanged_day;     // for status unchanged: the day folder that holds this version
  std::uint64_t archive_bytes = 0;
  std::string archive_md5;       // hex, from the transfer
  std::vector<std::string> selection; // for status downloaded: the --files globs, sorted (empty: the whole version)
  std::vector<ManifestFile> files;
};

// raw/YYYYMMDD/download_manifest.json: every dataset handled on that day, merged across runs.
struct DownloadManifest {
  std::string day;
  std::string updated_at;
  std::string tool_version;
  std::vector<ManifestDataset> datasets;

  // Return the entry for `ref`, or nullptr.
  [[nodiscard]] const ManifestDataset* find(const std::string& ref) const;

  // Insert `entry`, replacing an entry with the same ref; neither a failed nor an unchanged entry
  // replaces a downloaded one (its files are on disk in this day and must stay listed).
  void merge(ManifestDataset entry);
};

// Serialise `manifest` as JSON (schema: docs/schemas/download_manifest.schema.json).
void write_manifest_json(std::ostream& out, const DownloadManifest& manifest);

// Read a manifest file; not_found if missing, integrity error if malformed.
util::Result<DownloadManifest> read_manifest(const std::filesystem::path& path);

// Parse manifest JSON text; `origin` names it in errors.
util::Result<DownloadManifest> parse_manifest(std::string_view text, std::string_view origin);

// Write `manifest` atomically to `path`.
util::Status write_manifest(const std::filesystem::path& path, const DownloadManifest& manifest);

// Read the manifest at `from` (missing: start a new one), merge `entry` into it, stamp it with `day`,
// `now` and `tool_version`, and write it atomically to `to` (`from` again, or a staged day's copy).
util::Status merge_manifest_file(const std::filesystem::path& from, const std::filesystem::path& to, ManifestDataset entry,
                                 const std::string& day, const std::string& now, const std::string& tool_version);

} // namespace fk::report
