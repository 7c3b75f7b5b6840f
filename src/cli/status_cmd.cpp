#include "cli/status_cmd.hpp"

#include "cli/run_scope.hpp"
#include "report/volume_status.hpp"

namespace fk::cli {

CLI::App* add_status_command(CLI::App& app, StatusOptions& /*options*/) {
  return app.add_subcommand("status", "Summarise the data volume (reads only; --json for machines)");
}

int run_status(Context& ctx, const StatusOptions& /*options*/) {
  auto status = report::gather_status(ctx.layout);
  if (!status) return report_failure(ctx, status.error());
  if (ctx.globals.json) report::write_status_json(*ctx.out, *status);
  else report::write_status_text(*ctx.out, *status);
  return 0;
}

} // namespace fk::cli
