// `migrate --rollback REPORT` and `migrate --upgrade`: the two modes of migrate that do not read an
// old tree.
#include "cli/migrate_cmd.hpp"
#include "layout/layout_version.hpp"
#include "migrate/report.hpp"
#include "migrate/rollback.hpp"
#include "migrate/upgrade.hpp"
#include "util/clock.hpp"

namespace fk::cli {

using util::ErrorKind;
namespace fs = std::filesystem;

int run_migrate_rollback(Context& ctx, const MigrateOptions& options) {
  auto report = migrate::read_migration_report(options.rollback);
  if (!report) return report_failure(ctx, report.error());
  return run_writing_command(ctx, "migrate", [&](RunScope& scope) {
    CommandResult result;
    migrate::MigrationOutcome outcome;
    std::string written_path;
    if (ctx.globals.dry_run) {
      result.changed = false;
      for (const migrate::ItemOutcome& item : report->outcome.items) {
        const bool done = item.status == "copied" || item.status == "moved" || item.status == "sha256_mismatch" ||
                          item.status == "recorded";
        migrate::ItemOutcome planned = item;
        planned.status = done ? (item.status == "moved" ? "restore" : "remove") : "untouched";
        planned.detail.clear();
        print_item(ctx, planned);
        outcome.items.push_back(std::move(planned));
      }
    } else {
      const std::string now = util::format_iso8601(ctx.clock());
      outcome = migrate::rollback_migration(*report, ctx.layout, now, scope.run_id,
                                            [&](const migrate::ItemOutcome& item) { print_item(ctx, item); });
      std::error_code ec;
      // A rolled-back journal is finished: nothing is left to resume.
      if (fs::equivalent(options.rollback, migrate::journal_path(ctx.layout), ec)) {
        fs::remove(migrate::journal_path(ctx.layout), ec);
      }
      migrate::ReportHeader header{now, scope.run_id, report->header.layout, report->header.from, true};
      const fs::path path = ctx.layout.area("reports") / ("migrate-rollback-" + scope.run_id + ".json");
      if (auto saved = migrate::write_report_file(path, header, outcome); !saved) {
        result.failure = saved.error();
        return result;
      }
      written_path = path.string();
      if (!ctx.globals.json) *ctx.out << "rollback report " << written_path << "\n";
    }
    const std::size_t left = outcome.count("kept") + outcome.count("failed");
    if (left > 0) {
      result.failure =
          util::make_error(ErrorKind::partial, std::to_string(left) + " item(s) were not undone",
                           "their targets changed since the migration, or an error",
                           "see the items' details; fix them, then roll back again (undone items are skipped)");
    }
    finish_result(ctx, result, outcome, written_path,
                  {"removed", "restored", "kept", "failed", "untouched", "remove", "restore"});
    return result;
  });
}

int run_migrate_upgrade(Context& ctx, const MigrateOptions& /*options*/) {
  auto plan = migrate::plan_upgrade(ctx.layout, migrate::upgrade_steps(), layout::k_layout_version);
  if (!plan) return report_failure(ctx, plan.error());
  const auto body = [&](RunScope&) {
    CommandResult result;
    if (!ctx.globals.json) migrate::print_upgrade(*ctx.out, *plan);
    result.changed = !ctx.globals.dry_run && plan->from_version != plan->to_version;
    result.counts = {{"from_version", plan->from_version},
                     {"to_version", plan->to_version},
                     {"renamed", static_cast<std::int64_t>(plan->renames.size())}};
    if (result.changed) {
      if (auto done = migrate::execute_upgrade(ctx.layout, *plan, ctx.clock()); !done) result.failure = done.error();
    }
    if (!ctx.globals.json && !result.failure) {
      *ctx.out << (plan->from_version == plan->to_version ? "the data root is already at layout version "
                                                          : "upgraded to layout version ")
               << plan->to_version << "\n";
    }
    return result;
  };
  return run_writing_command(ctx, "migrate", body, false);
}

} // namespace fk::cli
