#pragma once

#include "csv/scanner.hpp"
#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "process/file_check.hpp"
#include "process/plan.hpp"
#include "process/schema_binding.hpp"
#include "process/validation_report.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace fk::process {

// Settings of one validation run.
struct ValidateOptions {
  FailOn fail_on = FailOn::error;
  csv::ScanOptions scan;  // its null_tokens become the schemas' missingValues
  std::string created_at; // ISO 8601 UTC, from the caller's clock
  std::string tool_version;
  std::vector<SchemaBinding> schemas; // contracts; a CSV no binding matches is only profiled
  unsigned threads = 0;               // files checked at once; 0: one per core
};

// Tell the caller about each file once it is checked: the dataset's ref and the result.
using FileObserver = std::function<void(const std::string& ref, const FileResult& file)>;

// Check and scan every file of `plan`, several at once (the largest first) and return the report,
// its files in plan order; `on_file` is called on the calling thread in that order. Fails only when
// a file cannot be read or a stop was requested (problems in the data go into the report).
util::Result<ValidationReport> validate_plan(const ProcessPlan& plan, const ValidateOptions& options,
                                             const FileObserver& on_file = {});

// Write the inferred schema of every scanned CSV checked without a contract, then
// processed/YYYYMMDD/validation_report.json (each file atomically); return the report's path.
util::Result<std::filesystem::path> write_validation_outputs(const layout::Layout& layout, const layout::Day& day,
                                                             const ValidationReport& report,
                                                             const std::vector<std::string>& missing_values);

// Return the run's failure once the outputs are written: integrity when a file is missing or differs
// from the manifest, validation when the report is invalid, nothing otherwise.
std::optional<util::Error> validation_failure(const ValidationReport& report, const std::filesystem::path& report_path);

} // namespace fk::process
