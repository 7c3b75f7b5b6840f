#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "download/state.hpp"
#include "util/error.hpp"
#include "kaggle/api_types.hpp"
#include "kaggle/dataset_ref.hpp"

namespace fk::download {

// What to do with one dataset today.
enum class Action { fetch, skip_unchanged };

// One dataset's part of the plan: computed from values only, so tests and --dry-run need no I/O.
struct DatasetPlan {
  kaggle::DatasetRef ref;
  kaggle::Dataset remote;                  // what GetDataset said
  std::string license;
  std::int64_t version = 0;                // the version to fetch (pinned or current)
  Action action = Action::fetch;
  std::string reason;                      // why this action
  std::string unchanged_day;               // for skip_unchanged: the day folder holding the version
  std::vector<kaggle::DatasetFile> files;  // the files to fetch; empty with `whole` = true
  bool whole = true;                       // fetch the whole dataset as one archive
  std::vector<std::string> globs;          // the file selection, sorted (empty: the whole version)
  std::uint64_t expected_bytes = 0;        // uncompressed bytes expected
  std::vector<std::string> warnings;       // for the run report (e.g. metadata that could not be read)
};

// What the day being downloaded already holds of one dataset, from that day's manifest.
struct DayHolding {
  std::string day;                         // the day being downloaded (YYYYMMDD)
  std::optional<std::int64_t> version;     // the version its manifest lists as downloaded, if any
  std::vector<std::string> selection;      // that entry's file selection, sorted (empty: the whole version)
};

// Decide the action for one dataset: unless `force`, skip it when the day being downloaded (`today`)
// already holds this version with the same file selection, or when the state says it was fetched
// into a day folder that still exists (`day_exists`); `globs` select files (empty: all).
DatasetPlan plan_dataset(const kaggle::DatasetRef& ref, const kaggle::Dataset& remote, const std::string& license,
                         const std::vector<kaggle::DatasetFile>& remote_files, const std::vector<std::string>& globs,
                         const DownloadState& state, const std::function<bool(const std::string& day)>& day_exists,
                         const DayHolding& today, bool force);

// Return the dataset-relative path a file name from the API may be stored at: refuse (validation)
// an absolute name, a ".." component or an overlong one, which would land outside the dataset folder.
util::Result<std::string> safe_file_name(std::string_view name);

// Return true when `name` matches one of `globs` (fnmatch; an empty list matches everything).
bool matches_any(const std::string& name, const std::vector<std::string>& globs);

// Print the plan as a table for --dry-run.
void print_plan(std::ostream& out, const std::vector<DatasetPlan>& plans);

} // namespace fk::download
