#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace fk::cli {

// Options every subcommand accepts, before or after the subcommand's name.
struct GlobalOptions {
  std::optional<std::string> data_root; // --data-root, else KAGGLE_DATA_ROOT, else /data/kaggle
  std::optional<std::string> date;      // --date YYYYMMDD, else today's UTC date
  bool dry_run = false;
  std::string log_format = "auto"; // auto | text | json
  std::string log_level = "info";
  bool json = false;  // machine-readable command output on stdout
  bool quiet = false; // only warnings and errors on stderr
  double lock_timeout_seconds = 0;
};

// Register the global options on the top-level `app`.
void add_global_options(CLI::App& app, GlobalOptions& options);

} // namespace fk::cli
