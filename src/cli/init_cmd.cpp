#include "cli/init_cmd.hpp"

#include "cli/run_scope.hpp"
#include "layout/init_plan.hpp"
#include "util/json_writer.hpp"

namespace fk::cli {

CLI::App* add_init_command(CLI::App& app, InitOptions& /*options*/) {
  return app.add_subcommand("init", "Create the data root's folders and layout version file (idempotent)");
}

namespace {
void print_plan(Context& ctx, const std::vector<std::string>& steps, bool dry_run) {
  if (ctx.globals.json) {
    util::JsonWriter json(*ctx.out);
    json.begin_object().field("ok", true).field("dry_run", dry_run).path_field("data_root", ctx.layout.root().string());
    json.key(dry_run ? "would_do" : "done").begin_array();
    for (const std::string& step : steps) json.value(step);
    json.end_array().end_object();
    return;
  }
  if (steps.empty()) {
    *ctx.out << "data root " << ctx.layout.root().string() << " is ready; nothing to do\n";
    return;
  }
  for (const std::string& step : steps) *ctx.out << (dry_run ? "would " : "") << step << "\n";
}
} // namespace

int run_init(Context& ctx, const InitOptions& /*options*/) {
  // Planned before the run scope completes the layout, so that the output lists what this run creates.
  const layout::InitPlan plan = layout::plan_init(ctx.layout);
  const std::vector<std::string> steps = layout::describe(plan, ctx.layout);
  return run_writing_command(ctx, "init", [&](RunScope& scope) {
    CommandResult result;
    print_plan(ctx, steps, ctx.globals.dry_run);
    result.changed = scope.initialised_now;
    result.counts.emplace_back("steps", static_cast<std::int64_t>(steps.size()));
    return result;
  });
}

} // namespace fk::cli
