#include "cli/pending_cmds.hpp"

#include "cli/run_scope.hpp"

namespace fk::cli {

CLI::App* add_pending_command(CLI::App& app, const std::string& name, const std::string& description) {
  CLI::App* command = app.add_subcommand(name, description + " (not implemented yet)");
  // Accept the arguments the finished command will take, so that scripts get exit code 11, not 2.
  command->allow_extras();
  command->fallthrough(false);
  return command;
}

int run_pending(Context& ctx, const std::string& name) {
  return report_failure(ctx, util::make_error(util::ErrorKind::not_implemented, "fetch-kaggle " + name,
                                              "not implemented yet in this version",
                                              "see the project's issues for its status"));
}

} // namespace fk::cli
