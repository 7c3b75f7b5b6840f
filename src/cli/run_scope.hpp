#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/context.hpp"
#include "report/run_report.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

namespace fk::cli {

// What a writing command's body hands back; run_writing_command turns it into a report and an exit code.
struct CommandResult {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  std::vector<report::ReportError> errors;
  std::vector<std::string> warnings;
  std::optional<util::Error> failure; // the run failed (or partially failed: kind partial)
  bool changed = true;                // false: nothing was written, so no report is written either
};

// The run a writing command executes in.
struct RunScope {
  std::string command;
  std::string run_id;
  util::TimePoint started_at{};
  bool initialised_now = false; // the data root's layout was created (partly) by this run
};

// Run `body` as a data-changing command: create or check the root, take the run lock, sweep what
// killed runs left, then write the run report and map the outcome to an exit code. Under --dry-run
// the body runs alone (it must only print its plan) and nothing is written.
// `check_layout` false skips the layout version check (for `migrate --upgrade`, which fixes it).
int run_writing_command(Context& ctx, const std::string& command, const std::function<CommandResult(RunScope&)>& body,
                        bool check_layout = true);

// Print `error` as every command reports a failure (stderr, and stdout with --json); return its exit code.
int report_failure(Context& ctx, const util::Error& error);

} // namespace fk::cli
