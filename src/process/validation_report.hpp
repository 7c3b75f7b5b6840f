#pragma once

#include "csv/profile.hpp"
#include "process/file_check.hpp"
#include "process/plan.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace fk::process {

// The files of one dataset, as checked.
struct DatasetResult {
  std::string ref;
  std::int64_t version = 0;
  std::vector<FileResult> files;
};

// processed/YYYYMMDD/validation_report.json: what one `process` run found (schema:
// docs/schemas/validation_report.schema.json).
struct ValidationReport {
  std::string day;
  std::string created_at; // ISO 8601 UTC
  std::string tool_version;
  FailOn fail_on = FailOn::error;
  std::vector<DatasetResult> datasets;
  std::vector<SkippedDataset> skipped;
};

// Count the problems of one file (or more) by severity.
struct SeverityCounts {
  std::uint64_t errors = 0;
  std::uint64_t warnings = 0;
  std::uint64_t infos = 0;

  // Add `other`'s counts to these.
  SeverityCounts& operator+=(const SeverityCounts& other);
};

// Count all problems of one code across the run.
struct CodeCount {
  std::string code;
  csv::Severity severity = csv::Severity::error;
  std::uint64_t count = 0;
};

// The run's totals, as written under "totals".
struct ReportTotals {
  std::uint64_t datasets = 0;
  std::uint64_t files = 0;
  std::uint64_t csv_files = 0;     // CSV files whose bytes matched and were scanned
  std::uint64_t other_files = 0;   // files that are not CSV (only re-checked)
  std::uint64_t corrupt_files = 0; // files whose size or sha256 differ from the manifest, or missing
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  SeverityCounts problems;
  std::vector<CodeCount> by_code; // sorted by code
};

// Count `file`'s problems: integrity issues are errors; CSV problems have their code's severity.
SeverityCounts count_problems(const FileResult& file);

// Return true when `counts` passes `fail_on`.
bool passes(const SeverityCounts& counts, FailOn fail_on);

// Sum up the whole report.
ReportTotals compute_totals(const ValidationReport& report);

// Return true when no file has a problem that `report.fail_on` counts.
bool report_valid(const ValidationReport& report);

// Return true when some file is missing or differs from the manifest.
bool has_integrity_issues(const ValidationReport& report);

// Serialise `report` as JSON.
void write_validation_report_json(std::ostream& out, const ValidationReport& report);

// Write `report` atomically to `path`.
util::Status write_validation_report(const std::filesystem::path& path, const ValidationReport& report);

} // namespace fk::process
