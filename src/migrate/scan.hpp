#pragma once

#include "layout/data_root.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fk::migrate {

// One file found in the old tree.
struct SourceFile {
  std::string name;           // path relative to its dataset folder (or target folder), exact bytes
  std::filesystem::path path; // where it is now
  std::uint64_t bytes = 0;
  std::string old_sha256;            // from the old manifest (empty: not listed); for reports: the current digest
  std::optional<std::uint64_t> rows; // the old manifest's row_count
};

// One dataset of one day in the old tree: a kaggle_raw/YYYYMMDD folder of a fetch-kaggle-job tree,
// or a datasets/<owner>/<slug> folder of an ingestion-engine tree.
struct SourceDay {
  std::string day;               // YYYYMMDD
  std::filesystem::path folder;  // kaggle_raw/YYYYMMDD or datasets/<owner>/<slug>
  std::string kaggle_id;         // owner/slug: the old manifest's dataset.kaggle_id, or the folder names
  std::string title;             // dataset.name
  std::string url;               // dataset.url
  std::string downloaded_at;     // dataset.download_timestamp
  std::string manifest_problem;  // why the old manifest could not be read (empty: read, or absent)
  std::vector<SourceFile> files; // the data files, sorted by name
};

// One dataset of an ingestion-engine tracking state.
struct TrackedDataset {
  std::string ref;           // owner/slug
  std::int64_t version = -1; // the version the engine last ingested (-1: unknown)
  std::string last_updated;  // ISO 8601, as the engine recorded it
};

// What an old tree holds.
struct SourceTree {
  std::filesystem::path root;
  std::string layout_name = "fetch-kaggle-job";
  std::vector<SourceDay> days;
  std::vector<SourceFile> reports;          // reports/*.md (old_sha256 = current digest)
  std::vector<SourceFile> profiles;         // metadata/data_profile_*.json (old_sha256 = current digest)
  std::vector<SourceFile> dataset_metadata; // ingestion-engine metadata, name "<owner>/<slug>.ingestion-engine.json"
  std::vector<TrackedDataset> tracked;      // ingestion-engine tracking state
  std::filesystem::path tracking_file;      // the tracking state file read (empty: none)
  std::string tracking_warning;             // e.g. the main file was damaged and .backup was read
};

// What the target data root already holds for one raw/<day>/<owner>/<slug>.
struct TargetDataset {
  bool folder_exists = false;
  bool in_manifest = false;
  std::map<std::string, std::uint64_t> files;        // manifest entry: path -> bytes
  std::map<std::string, std::uint64_t> folder_files; // what the folder holds: name -> bytes
};

// What the target data root already holds, as far as the plan needs it.
struct TargetState {
  std::map<std::string, TargetDataset> datasets;       // "YYYYMMDD/owner/slug"
  std::map<std::string, std::string> reports;          // name -> sha256 of reports/<name>
  std::map<std::string, std::string> profiles;         // name -> sha256 of metadata/<name>
  std::map<std::string, std::string> dataset_metadata; // name -> sha256 of metadata/datasets/<name>
  std::map<std::string, std::int64_t> state_versions;  // download state: owner/slug -> version
};

// Read a fetch-kaggle-job tree: every day folder, its old manifest, reports and profiles.
util::Result<SourceTree> scan_job_tree(const std::filesystem::path& from);

// Read an ingestion-engine tree: datasets/<owner>/<slug>/ (recursively), metadata/<owner>__<slug>.json
// (the day comes from last_updated, else the newest file's mtime) and state/tracking_state.json.
util::Result<SourceTree> scan_engine_tree(const std::filesystem::path& from);

// Return the regular files below `dir` as sorted relative paths with their sizes (symlinks skipped).
std::vector<std::pair<std::string, std::uint64_t>> list_files_recursive(const std::filesystem::path& dir);

// Read what the target holds for the days and refs of `tree` (`dataset` overrides every kaggle_id).
TargetState scan_target(const layout::Layout& layout, const SourceTree& tree, const std::string& dataset);

} // namespace fk::migrate
