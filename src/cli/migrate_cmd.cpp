#include "cli/migrate_cmd.hpp"

#include "cli/run_scope.hpp"
#include "migrate/detect.hpp"
#include "migrate/execute.hpp"
#include "migrate/plan.hpp"
#include "migrate/report.hpp"
#include "migrate/scan.hpp"
#include "util/json_writer.hpp"
#include "util/signals.hpp"
#include "util/utf8.hpp"
#include "util/version.hpp"

#include <algorithm>

namespace fk::cli {

using util::ErrorKind;
namespace fs = std::filesystem;

CLI::App* add_migrate_command(CLI::App& app, MigrateOptions& o) {
  CLI::App* command = app.add_subcommand("migrate", "Bring older on-disk layouts into this one, verified by sha256");
  CLI::Option* from = command->add_option("--from", o.from, "Root of the old installation");
  command->add_option("--layout", o.layout, "Layout of the old tree: auto, fetch-kaggle-job or ingestion-engine")
      ->check(CLI::IsMember({"auto", "fetch-kaggle-job", "ingestion-engine"}));
  command->add_option("--dataset", o.dataset, "Dataset (owner/slug) of every old day, instead of its kaggle_id");
  CLI::Option* move = command->add_flag("--move", o.move, "Remove each source once its copy is verified");
  command->add_flag("--copy", o.copy, "Copy and leave the sources in place (the default)")->excludes(move);
  CLI::Option* rollback = command->add_option("--rollback", o.rollback,
                                              "Undo the migration a reports/migrate-*.json (or the journal) lists");
  CLI::Option* upgrade =
      command->add_flag("--upgrade", o.upgrade, "Upgrade a data root written by an older fetch-kaggle to this layout");
  rollback->excludes(from)->excludes(upgrade);
  upgrade->excludes(from);
  return command;
}

void print_item(Context& ctx, const migrate::ItemOutcome& item) {
  if (ctx.globals.json) return;
  *ctx.out << "  " << item.status << "  " << item.item.kind << "  " << util::to_valid_utf8(item.item.source.string());
  if (!item.item.target.empty()) *ctx.out << "  ->  " << util::to_valid_utf8(item.item.target.string());
  if (!item.detail.empty()) *ctx.out << "  (" << item.detail << ")";
  *ctx.out << "\n";
}

void finish_result(Context& ctx, CommandResult& result, const migrate::MigrationOutcome& outcome,
                   const std::string& report_path, const std::vector<std::string>& statuses) {
  for (const std::string& status : statuses)
    result.counts.emplace_back(status, static_cast<std::int64_t>(outcome.count(status)));
  if (ctx.globals.json) {
    util::JsonWriter json(*ctx.out);
    json.begin_object().field("ok", !result.failure).field("dry_run", ctx.globals.dry_run);
    json.path_field("report", report_path);
    for (const std::string& status : statuses)
      json.field(status, static_cast<std::uint64_t>(outcome.count(status)));
    json.end_object();
    *ctx.out << "\n";
  }
  for (const migrate::ItemOutcome& item : outcome.items) {
    const std::string where = util::to_valid_utf8(item.item.source.string());
    if (item.status == "sha256_mismatch")
      result.errors.push_back({"integrity", where + ": " + item.detail, item.item.ref});
    if (item.status == "clash" || item.status == "blocked" || item.status == "failed" || item.status == "kept")
      result.errors.push_back({"partial", where + ": " + item.status + ": " + item.detail, item.item.ref});
  }
}

namespace {

// Check what can be checked before taking the lock: options, the old tree's layout.
util::Result<migrate::LegacyLayout> check_request(const MigrateOptions& options) {
  if (options.from.empty()) {
    return util::make_error(ErrorKind::usage, "migrate needs --from PATH, --rollback REPORT or --upgrade", "",
                            "see fetch-kaggle migrate --help and docs/migration.md");
  }
  if (!options.dataset.empty() && !migrate::is_dataset_ref(options.dataset)) {
    return util::make_error(ErrorKind::usage, "--dataset '" + options.dataset + "' is not owner/slug", "",
                            "pass it as on Kaggle, e.g. --dataset zillow/zecon");
  }
  return migrate::detect_layout(options.from, options.layout);
}

// Read the journal of a killed migration, if there is one; refuse one of another --from.
util::Result<std::optional<migrate::MigrationReport>> read_journal(Context& ctx, const fs::path& from) {
  std::error_code ec;
  const fs::path path = migrate::journal_path(ctx.layout);
  if (!fs::exists(path, ec)) return std::optional<migrate::MigrationReport>{};
  auto journal = migrate::read_migration_report(path);
  if (!journal) return journal.error();
  if (fs::weakly_canonical(journal->header.from, ec) != fs::weakly_canonical(from, ec)) {
    return util::make_error(ErrorKind::usage, "a migration from " + journal->header.from.string() + " has not finished",
                            "its journal is " + path.string(),
                            "finish it with `migrate --from " + journal->header.from.string() +
                                "` or undo it with `migrate --rollback " + path.string() + "`");
  }
  ctx.log->info("resuming a killed migration", {{"journal", path.string()}, {"run_id", journal->header.run_id}});
  return std::optional<migrate::MigrationReport>{std::move(*journal)};
}

// Turn the outcome's statuses into the command's failure, if any.
std::optional<util::Error> failure_of(const migrate::MigrationOutcome& outcome) {
  const std::size_t problems = outcome.count("clash") + outcome.count("blocked") + outcome.count("failed");
  const auto full = [](const migrate::ItemOutcome& item) { return item.out_of_space; };
  if (std::any_of(outcome.items.begin(), outcome.items.end(), full)) {
    return util::make_error(ErrorKind::no_space, std::to_string(problems) + " item(s) were not migrated",
                            "the data root's volume is full", "free space or grow the volume, then run migrate again");
  }
  if (problems > 0) {
    return util::make_error(ErrorKind::partial, std::to_string(problems) + " item(s) were not migrated",
                            "a clash with existing data, a day without a usable dataset, or an error",
                            "see the items' details, fix them (e.g. --dataset) and run migrate again");
  }
  if (outcome.count("sha256_mismatch") > 0) {
    return util::make_error(
        ErrorKind::integrity,
        std::to_string(outcome.count("sha256_mismatch")) + " file(s) differ from their old sha256",
        "they were migrated with the digest of their current bytes and flagged in the migration report",
        "check those files against their origin");
  }
  return std::nullopt;
}

} // namespace

int run_migrate(Context& ctx, const MigrateOptions& options) {
  if (!options.rollback.empty()) return run_migrate_rollback(ctx, options);
  if (options.upgrade) return run_migrate_upgrade(ctx, options);
  auto legacy = check_request(options);
  if (!legacy) return report_failure(ctx, legacy.error());
  auto tree = *legacy == migrate::LegacyLayout::fetch_kaggle_job ? migrate::scan_job_tree(options.from)
                                                                 : migrate::scan_engine_tree(options.from);
  if (!tree) return report_failure(ctx, tree.error());
  if (!tree->tracking_warning.empty()) ctx.log->warn("tracking state: " + tree->tracking_warning);
  return run_writing_command(ctx, "migrate", [&](RunScope& scope) {
    CommandResult result;
    auto journal = ctx.globals.dry_run ? util::Result<std::optional<migrate::MigrationReport>>(std::nullopt)
                                       : read_journal(ctx, options.from);
    if (!journal) {
      result.failure = journal.error();
      return result;
    }
    const migrate::TargetState target = migrate::scan_target(ctx.layout, *tree, options.dataset);
    const migrate::MigrationPlan plan =
        migrate::plan_migration(*tree, target, ctx.layout, {options.dataset, options.move});
    const bool work = journal->has_value() || std::any_of(plan.items.begin(), plan.items.end(), [](const auto& item) {
                        return item.action == migrate::Action::copy || item.action == migrate::Action::move;
                      });
    migrate::MigrationOutcome outcome;
    std::string report_path;
    if (ctx.globals.dry_run || !work) {
      if (!ctx.globals.json) migrate::print_plan(*ctx.out, plan);
      result.changed = false;
      for (const migrate::PlanItem& item : plan.items) {
        const bool todo = item.action == migrate::Action::copy || item.action == migrate::Action::move;
        outcome.items.push_back({item, item.expected_sha256,
                                 item.action == migrate::Action::clash ? "clash"
                                 : item.blocked                        ? "blocked"
                                 : todo                                ? "planned"
                                                                       : "skipped",
                                 item.reason});
      }
    } else {
      const std::string now = util::format_iso8601(ctx.clock());
      migrate::ReportHeader header{now, scope.run_id, tree->layout_name, options.from, false};
      const migrate::MigrationOutcome earlier = *journal ? (*journal)->outcome : migrate::MigrationOutcome{};
      if (*journal) header.run_id = (*journal)->header.run_id;
      const fs::path journal_file = migrate::journal_path(ctx.layout);
      const auto checkpoint = [&](const migrate::MigrationOutcome& so_far) {
        migrate::MigrationOutcome merged = so_far;
        migrate::adopt_journal(merged, earlier);
        if (auto written = migrate::write_report_file(journal_file, header, merged); !written)
          ctx.log->warn("cannot write the migration journal", {{"error", written.error().message()}});
      };
      checkpoint(outcome);
      outcome = migrate::execute_plan(plan, ctx.layout,
                                      {scope.run_id, now, util::k_version, options.from, tree->layout_name, checkpoint},
                                      [&](const migrate::ItemOutcome& item) { print_item(ctx, item); });
      if (util::stop_requested()) return result; // the journal lets the next run finish the job
      migrate::adopt_journal(outcome, earlier);
      header.finished = true;
      auto report = migrate::write_migration_report(ctx.layout, header, outcome);
      if (!report) {
        result.failure = report.error();
        return result;
      }
      std::error_code ec;
      fs::remove(journal_file, ec);
      report_path = report->string();
      if (!ctx.globals.json) *ctx.out << "migration report " << report_path << "\n";
    }
    result.failure = failure_of(outcome);
    finish_result(
        ctx, result, outcome, report_path,
        {"copied", "moved", "sha256_mismatch", "recorded", "skipped", "clash", "blocked", "failed", "planned"});
    return result;
  });
}

} // namespace fk::cli
