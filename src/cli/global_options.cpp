#include "cli/global_options.hpp"

#include <filesystem>

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
  app.add_option("--metrics-file", options.metrics_file,
                 "Write the run's metrics here in Prometheus text format, atomically (node exporter textfile collector)")
      ->check(CLI::Validator(
          [](std::string& path) -> std::string {
            std::filesystem::path parent = std::filesystem::path(path).parent_path();
            if (parent.empty()) parent = ".";
            std::error_code ec;
            if (std::filesystem::is_directory(parent, ec)) return {};
            return "folder " + parent.string() + " does not exist (create it, or point --metrics-file into the textfile collector's folder)";
          },
          "PATH"));
  app.add_option("--pushgateway", options.pushgateway,
                 "Push the run's metrics to this Prometheus Pushgateway at the end (http:// or https://)")
      ->check(CLI::Validator(
          [](std::string& url) -> std::string {
            if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) return {};
            return "the Pushgateway URL must start with http:// or https://";
          },
          "URL"));
  app.parse_complete_callback([&app, &options] {
    const std::vector<CLI::App*> parsed = app.get_subcommands();
    if (!parsed.empty()) options.command = parsed.front()->get_name();
  });
}

} // namespace fk::cli
