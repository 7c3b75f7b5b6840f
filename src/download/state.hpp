#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kaggle/api_types.hpp"
#include "layout/data_root.hpp"
#include "util/error.hpp"

namespace fk::download {

// What download remembers about one dataset between runs.
struct DatasetState {
  std::int64_t version = 0; // the last version fetched completely
  std::string fetched_at;   // ISO 8601 UTC
  std::string day;          // the raw/ day folder that holds it
  std::string archive_md5;  // hex md5 of the transferred archive
  std::uint64_t archive_bytes = 0;
  std::vector<std::string> files; // the --files/config globs of that fetch, sorted; empty: the whole version
};

// metadata/download_state.json: the last version fetched of every dataset (with a .bak copy).
struct DownloadState {
  std::map<std::string, DatasetState> datasets; // by "owner/slug"
};

// Return metadata/download_state.json.
std::filesystem::path state_path(const layout::Layout& layout);

// Read the state; a missing file is an empty state; a damaged file falls back to its .bak copy
// (with `warning` set), and only when both are unreadable is it an integrity error.
util::Result<DownloadState> read_state(const layout::Layout& layout, std::string& warning);

// Write the state atomically, keeping the previous good file as .bak.
util::Status write_state(const layout::Layout& layout, const DownloadState& state);

// Return metadata/datasets/<owner>/<slug>.json.
std::filesystem::path dataset_metadata_path(const layout::Layout& layout, const std::string& owner,
                                            const std::string& slug);

// Return the licence recorded in metadata/datasets/<owner>/<slug>.json by an earlier run (nullopt
// when there is none, the file is unreadable or the licence is empty).
std::optional<std::string> recorded_license(const layout::Layout& layout, const std::string& owner,
                                            const std::string& slug);

// Write the per-dataset metadata (title, licence, sizes, tags, versions fetched) atomically,
// adding `version` fetched on `day` to the versions already recorded there.
util::Status write_dataset_metadata(const layout::Layout& layout, const kaggle::Dataset& dataset,
                                    const std::string& license, std::int64_t version, const std::string& day,
                                    const std::string& fetched_at);

} // namespace fk::download
