#pragma once

#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "report/download_manifest.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace fk::process {

// Decide which problems make a run invalid: any error (default), any error or warning, or none.
enum class FailOn { error, warning, never };

// Parse "error", "warning" or "never"; nullopt for anything else.
std::optional<FailOn> parse_fail_on(std::string_view text);

// Return "error", "warning" or "never".
std::string_view fail_on_name(FailOn fail_on);

// One raw file to re-check (and scan, when it is a CSV).
struct PlannedFile {
  std::string path;             // relative to the dataset folder, exact bytes, as in the manifest
  std::filesystem::path source; // raw/YYYYMMDD/<owner>/<slug>/<path>
  std::uint64_t expected_bytes = 0;
  std::string expected_sha256; // lower-case hex
  bool is_csv = false;
};

// One downloaded dataset of the day and its files, in manifest order.
struct PlannedDataset {
  std::string ref; // owner/slug
  std::int64_t version = 0;
  std::vector<PlannedFile> files;
};

// A manifest entry that is not processed, with the reason (its status is not downloaded).
struct SkippedDataset {
  std::string ref;
  std::string status; // unchanged | failed
  std::string reason;
};

// Everything one `process` run will check, computed from the manifest alone.
struct ProcessPlan {
  std::string day;
  std::vector<PlannedDataset> datasets;
  std::vector<SkippedDataset> skipped;
};

// Return true when `path` names a CSV file this command scans (.csv or .tsv, any letter case).
bool is_csv_path(std::string_view path);

// Read raw/YYYYMMDD/download_manifest.json; a missing one is not_found naming the path and the fix.
util::Result<report::DownloadManifest> read_day_manifest(const layout::Layout& layout, const layout::Day& day);

// Plan the run: the datasets with status downloaded, only those of `refs` when it is not empty.
// A named dataset missing from the manifest, or not downloaded that day, is a not_found error; a
// ref or file path that could leave the day folder (absolute, "..") is an integrity error.
util::Result<ProcessPlan> plan_process(const report::DownloadManifest& manifest, const layout::Layout& layout,
                                       const layout::Day& day, const std::vector<std::string>& refs);

// Print the plan for --dry-run: one line per file to check, then the skipped datasets.
void print_plan(std::ostream& out, const ProcessPlan& plan);

} // namespace fk::process
