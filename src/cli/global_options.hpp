#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  std::optional<std::string> metrics_file; // --metrics-file: Prometheus textfile written at the end
  std::optional<std::string> pushgateway;  // --pushgateway URL: metrics pushed at the end
  std::string command; // the subcommand's name, recorded when parsing completes (the metrics' `command` label)
  std::vector<std::pair<std::string, std::string>> metric_labels; // more labels a subcommand adds, e.g. shard
};

// Register the global options on the top-level `app`.
void add_global_options(CLI::App& app, GlobalOptions& options);

} // namespace fk::cli
