#include "cli/exit_codes.hpp"

#include <csignal>

namespace fk::cli {

const std::array<ExitCodeInfo, 15> k_exit_codes = {{
    {ExitCode::success, "success", false, "everything asked for is done"},
    {ExitCode::internal, "internal", true, "unexpected error (a bug or an unforeseen state); retried once, then report it"},
    {ExitCode::usage, "usage", false, "bad arguments, configuration or data root layout version"},
    {ExitCode::permission, "permission", false, "authentication refused (401/403) or a path is not writable"},
    {ExitCode::not_found, "not_found", false, "dataset, version, file, day or data root does not exist"},
    {ExitCode::validation, "validation", false, "data was read but failed validation"},
    {ExitCode::partial, "partial", true, "some items succeeded and some failed; the next run retries the rest"},
    {ExitCode::temporary, "temporary", true, "network error, timeout, rate limit (429) or server error (5xx)"},
    {ExitCode::lock_held, "lock_held", true, "another run holds the data root's lock"},
    {ExitCode::integrity, "integrity", false, "stored bytes do not match their manifest or checksum"},
    {ExitCode::no_space, "no_space", false, "not enough free space on the data volume"},
    {ExitCode::not_implemented, "not_implemented", false, "the subcommand is not built yet"},
    {ExitCode::partial_permanent, "partial_permanent", false,
     "some items failed for good (not found, forbidden, invalid or corrupt data); retrying does not help"},
    {ExitCode::interrupted_sigint, "interrupted_sigint", true, "stopped by SIGINT; the next run resumes"},
    {ExitCode::interrupted_sigterm, "interrupted_sigterm", true, "stopped by SIGTERM; the next run resumes"},
}};

ExitCode exit_code_for(util::ErrorKind kind, int signal_number) {
  using util::ErrorKind;
  switch (kind) {
  case ErrorKind::internal: return ExitCode::internal;
  case ErrorKind::usage: return ExitCode::usage;
  case ErrorKind::permission: return ExitCode::permission;
  case ErrorKind::not_found: return ExitCode::not_found;
  case ErrorKind::validation: return ExitCode::validation;
  case ErrorKind::partial: return ExitCode::partial;
  case ErrorKind::temporary: return ExitCode::temporary;
  case ErrorKind::lock_held: return ExitCode::lock_held;
  case ErrorKind::integrity: return ExitCode::integrity;
  case ErrorKind::no_space: return ExitCode::no_space;
  case ErrorKind::not_implemented: return ExitCode::not_implemented;
  case ErrorKind::partial_permanent: return ExitCode::partial_permanent;
  case ErrorKind::interrupted:
    return signal_number == SIGINT ? ExitCode::interrupted_sigint : ExitCode::interrupted_sigterm;
  }
  return ExitCode::internal;
}

bool is_retryable(util::ErrorKind kind) {
  const ExitCode code = exit_code_for(kind, SIGTERM);
  for (const ExitCodeInfo& info : k_exit_codes) {
    if (info.code == code) return info.retry;
  }
  return false;
}

} // namespace fk::cli
