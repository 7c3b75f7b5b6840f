#include "cli/global_options.hpp"

namespace fk::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--data-root", options.data_root,
                 "Data root holding raw/, processed/, archive/, reports/, metadata/ (env KAGGLE_DATA_ROOT, default /data/kaggle)");
  app.add_option("--date", options.date, "Day folder to work on, YYYYMMDD (default: today in UTC)");
  app.add_flag("--dry-run", options.dry_run, "Print the plan and write nothing at all");
  app.add_option("--log-format", options.log_format, "Log format on stderr: auto (JSON lines unless stderr is a terminal), text, json")
      ->check(CLI::IsMember({"auto", "text", "json"}));
  app.add_option("--log-level", options.log_level, "Lowest level logged: debug, info, warn, error")
      ->check(CLI::IsMember({"debug", "info", "warn", "warning", "error"}));
  app.add_flag("--json", options.json, "Print the command's result as JSON on stdout");
  app.add_flag("-q,--quiet", options.quiet, "Log only warnings and errors");
  app.add_option("--lock-timeout", options.lock_timeout_seconds,
                 "Seconds to wait for another run's lock before giving up (default 0)")
      ->check(CLI::NonNegativeNumber);
}

} // namespace fk::cli
