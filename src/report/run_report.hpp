#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "layout/data_root.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

namespace fk::report {

// One error recorded in a run report.
struct ReportError {
  std::string kind;    // the ErrorKind name, e.g. "temporary"
  std::string message; // what failed, why, and what to do
  std::string item;    // the dataset, file or day it concerns, if any
};

// Everything a run report holds: written to reports/YYYYMMDD/<command>-<HHMMSS>Z-<run id>.json.
struct RunReport {
  std::string command;
  std::string run_id;
  util::TimePoint started_at{};
  util::TimePoint finished_at{};
  std::vector<std::string> arguments; // already redacted
  std::string data_root;
  std::string day;     // the data day the run worked on
  std::string outcome; // success | partial | failed | interrupted
  int exit_code = 0;
  std::vector<std::pair<std::string, std::int64_t>> counts;
  std::vector<ReportError> errors;
  std::vector<std::string> warnings;
};

// Return a new random run id (12 hex digits).
std::string new_run_id();

// Return `arguments` with secrets masked: values of secret-bearing options and passwords in URLs.
std::vector<std::string> redact_arguments(const std::vector<std::string>& arguments);

// Return `text` with the password of every "scheme://user:password@host" word masked as ***.
std::string redact_url_passwords(std::string_view text);

// Serialise `report` as JSON (schema: docs/schemas/run_report.schema.json).
void write_run_report_json(std::ostream& out, const RunReport& report);

// Return where `report` goes: reports/<UTC day of its start>/<command>-<HHMMSS>Z-<run id>.json.
std::filesystem::path run_report_path(const layout::Layout& layout, const RunReport& report);

// Write `report` atomically under reports/; return its path.
util::Result<std::filesystem::path> write_run_report(const layout::Layout& layout, const RunReport& report);

} // namespace fk::report
