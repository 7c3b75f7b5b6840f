#include "cli/main.hpp"

#include "cli/archive_cmd.hpp"
#include "cli/context.hpp"
#include "cli/download_cmd.hpp"
#include "cli/exit_codes.hpp"
#include "cli/global_options.hpp"
#include "cli/init_cmd.hpp"
#include "cli/migrate_cmd.hpp"
#include "cli/process_cmd.hpp"
#include "cli/restore_cmd.hpp"
#include "cli/run_scope.hpp"
#include "cli/status_cmd.hpp"
#include "cli/verify_cmd.hpp"
#include "report/run_report.hpp"
#include "util/fault_points.hpp"
#include "util/signals.hpp"
#include "util/version.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

namespace fk::cli {

namespace {
int print_error(const util::Error& error) {
  std::cerr << "fetch-kaggle: error: " << error.message() << "\n";
  return static_cast<int>(exit_code_for(error.kind, util::stop_signal()));
}

// Parse the command line and run the subcommand; return the exit code.
int run(int argc, char** argv, const util::Environment& env) {
  CLI::App app{"fetch-kaggle: keep a data volume stocked with Kaggle datasets, verified, validated and archived"};
  app.set_version_flag("--version", std::string("fetch-kaggle ") + util::k_version);
  app.require_subcommand(1);
  app.fallthrough(); // global options work after the subcommand too, as kubectl's do
  GlobalOptions globals;
  add_global_options(app, globals);

  InitOptions init_options;
  CLI::App* init = add_init_command(app, init_options);
  StatusOptions status_options;
  CLI::App* status = add_status_command(app, status_options);
  DownloadOptions download_options;
  CLI::App* download = add_download_command(app, download_options);
  ProcessOptions process_options;
  CLI::App* process = add_process_command(app, process_options);
  ArchiveOptions archive_options;
  CLI::App* archive = add_archive_command(app, archive_options);
  RestoreOptions restore_options;
  CLI::App* restore = add_restore_command(app, restore_options);
  VerifyOptions verify_options;
  CLI::App* verify = add_verify_command(app, verify_options);
  MigrateOptions migrate_options;
  CLI::App* migrate = add_migrate_command(app, migrate_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
    // CLI11 quotes the offending arguments: a misplaced --database-url would show its password.
    std::cerr << "fetch-kaggle: error: " << report::redact_url_passwords(e.what()) << "\nRun with --help for more information.\n";
    return static_cast<int>(ExitCode::usage);
  }

  try {
    std::vector<std::string> arguments(argv + 1, argv + argc);
    auto context = make_context(globals, env, std::move(arguments), std::cout, std::cerr,
                                ::isatty(STDERR_FILENO) == 1, util::system_now);
    if (!context) return print_error(context.error());
    Context& ctx = *context;
    if (init->parsed()) return run_init(ctx, init_options);
    if (status->parsed()) return run_status(ctx, status_options);
    if (download->parsed()) return run_download(ctx, download_options);
    if (process->parsed()) return run_process(ctx, process_options);
    if (archive->parsed()) return run_archive(ctx, archive_options);
    if (restore->parsed()) return run_restore(ctx, restore_options);
    if (verify->parsed()) return run_verify(ctx, verify_options);
    if (migrate->parsed()) return run_migrate(ctx, migrate_options);
    return print_error(util::make_error(util::ErrorKind::usage, "no subcommand", "", "see fetch-kaggle --help"));
  } catch (const util::Failure& failure) {
    return print_error(failure.error());
  } catch (const std::exception& e) {
    return print_error(util::make_error(util::ErrorKind::internal, "unexpected error", e.what(),
                                        "please report this with the command line and the log"));
  }
}

} // namespace

int main(int argc, char** argv) {
  util::install_signal_handlers();
  const util::Environment env = util::Environment::from_process();
  // Crash tests only (tests/fault/, docs/testing.md): FK_FAULT_INJECT=N:KILL|TERM, FK_FAULT_COUNT=FILE.
  if (const auto spec = env.get("FK_FAULT_INJECT"); spec && !spec->empty()) {
    const auto plan = util::parse_fault_plan(*spec);
    if (!plan) {
      return print_error(util::make_error(util::ErrorKind::usage, "FK_FAULT_INJECT=" + *spec + " is not valid",
                                          "it is N:KILL or N:TERM with N >= 1", "unset it outside the crash tests"));
    }
    util::arm_fault_points(*plan);
  }
  const int code = run(argc, argv, env);
  if (const auto count_file = env.get("FK_FAULT_COUNT"); count_file && !count_file->empty()) {
    std::ofstream(*count_file) << util::fault_points_passed() << "\n";
  }
  return code;
}

} // namespace fk::cli
