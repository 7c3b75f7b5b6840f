#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fk::util {

// Fault injection for the crash tests (tests/fault/): every place where a crash or a stop request
// could leave something half done calls fault_point(). A run armed with FK_FAULT_INJECT=N:KILL or
// N:TERM sends itself that signal at its Nth point; FK_FAULT_COUNT=FILE makes a run write how many
// points it passed. Unarmed, a point costs one relaxed atomic increment. See docs/testing.md.

// What a run was asked to do at which point.
struct FaultPlan {
  std::uint64_t at = 0; // 1-based point number; 0 = never
  int signal_number = 0; // SIGKILL or SIGTERM
};

// Parse "N:KILL" or "N:TERM" (N >= 1); nullopt when `spec` says anything else.
std::optional<FaultPlan> parse_fault_plan(std::string_view spec);

// Arm the fault points with `plan` (replaces an earlier plan).
void arm_fault_points(const FaultPlan& plan) noexcept;

// Count one fault point named `where`; send the planned signal when its number comes up.
void fault_point(const char* where) noexcept;

// Return how many fault points this process has passed.
std::uint64_t fault_points_passed() noexcept;

} // namespace fk::util
