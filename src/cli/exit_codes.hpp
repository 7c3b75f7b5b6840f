#pragma once

#include <array>
#include <string_view>

#include "util/error.hpp"

namespace fk::cli {

// The documented exit codes (docs/operations.md). Kubernetes' podFailurePolicy maps them:
// "retry" codes may succeed on a later attempt, the others need a person.
enum class ExitCode : int {
  success = 0,
  internal = 1,
  usage = 2,
  permission = 3,
  not_found = 4,
  validation = 5,
  partial = 6,
  temporary = 7,
  lock_held = 8,
  integrity = 9,
  no_space = 10,
  not_implemented = 11,
  partial_permanent = 12,
  interrupted_sigint = 130,
  interrupted_sigterm = 143,
};

// One row of the exit code table.
struct ExitCodeInfo {
  ExitCode code;
  std::string_view name;
  bool retry; // true: retrying later can succeed on its own
  std::string_view meaning;
};

// The whole table, in code order.
extern const std::array<ExitCodeInfo, 15> k_exit_codes;

// Map an error kind to its exit code; `signal_number` picks 130 or 143 for interrupted.
ExitCode exit_code_for(util::ErrorKind kind, int signal_number);

// Name an error kind as written in reports ("temporary", "lock_held", ...): util::kind_name.
using util::kind_name;

// Return true when a failure of `kind` may go away on a later attempt (its exit code's retry column).
bool is_retryable(util::ErrorKind kind);

} // namespace fk::cli
