#include "cli/archive_cmd.hpp"

#include "cli/run_scope.hpp"
#include "config/config.hpp"
#include "retention/day_archive.hpp"
#include "retention/inventory.hpp"
#include "retention/plan.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"
#include "util/signals.hpp"

namespace fk::cli {

CLI::App* add_archive_command(CLI::App& app, ArchiveOptions& o) {
  CLI::App* command = app.add_subcommand(
      "archive", "Archive days into verified archive/YYYYMMDD.tar.gz files, then prune what retention allows");
  command->add_option(
      "--older-than", o.older_than,
      "Archive every raw day older than this that has no archive yet (default 7d; --date picks one day)");
  command->add_option("--format", o.format, "tar.gz (parallel gzip, default) or tar.zst (faster)")
      ->check(CLI::IsMember({"tar.gz", "tar.zst"}));
  command->add_option("--level", o.level, "Compression level: gzip 1-12 (default 5), zstd 1-19 (default 1)");
  command->add_option("--threads", o.threads, "Compression threads (default: one per core)");
  command->add_option("--keep-raw", o.keep_raw, "Keep raw days this long (default 90d; never: forever)");
  command->add_option("--keep-processed", o.keep_processed, "Keep processed days this long (default 90d)");
  command->add_option("--keep-reports", o.keep_reports, "Keep run reports this long (default 365d)");
  command->add_option("--keep-metadata", o.keep_metadata, "Keep dataset metadata files this long (default 365d)");
  command->add_option("--keep-archive", o.keep_archive, "Keep archives this long (default 365d)");
  command->add_option("--config", o.config,
                      "Config file whose `retention:` mapping sets the periods (env FETCH_KAGGLE_CONFIG)");
  command->add_flag("--no-prune", o.no_prune, "Archive only; do not apply retention");
  return command;
}

namespace {

struct ArchiveSettings {
  retention::ArchiveOptions archive;
  retention::RetentionPolicy policy;
  long older_than = 7;
};

util::Result<ArchiveSettings> settings_from(const Context& ctx, const ArchiveOptions& o) {
  ArchiveSettings settings;
  auto format = retention::parse_archive_format(o.format);
  if (!format) return format.error();
  settings.archive.format = *format;
  const bool zstd = *format == retention::ArchiveFormat::tar_zst;
  settings.archive.level = o.level.value_or(zstd ? 1 : 5);
  if (settings.archive.level < 1 || settings.archive.level > (zstd ? 19 : 12)) {
    return util::make_error(util::ErrorKind::usage, "invalid --level " + std::to_string(settings.archive.level), "",
                            zstd ? "zstd takes 1 to 19" : "gzip takes 1 to 12");
  }
  settings.archive.threads = o.threads;
  if (o.older_than && ctx.globals.date) {
    return util::make_error(util::ErrorKind::usage, "--older-than and --date both given", "", "pick one day or an age");
  }
  auto older = retention::parse_keep(o.older_than.value_or("7d"));
  if (!older) return older.error();
  if (!*older)
    return util::make_error(util::ErrorKind::usage, "invalid --older-than never", "", "give an age such as 7d");
  settings.older_than = **older;
  const std::optional<std::string> config = o.config ? o.config : ctx.env.get("FETCH_KAGGLE_CONFIG");
  if (config) {
    auto parsed = config::read_config(*config);
    if (!parsed) return parsed.error();
    retention::apply_retention_config(parsed->retention, settings.policy);
  }
  const std::pair<const std::optional<std::string>*, std::optional<long>*> keeps[] = {
      {&o.keep_raw, &settings.policy.raw},
      {&o.keep_processed, &settings.policy.processed},
      {&o.keep_reports, &settings.policy.reports},
      {&o.keep_metadata, &settings.policy.metadata},
      {&o.keep_archive, &settings.policy.archive}};
  for (const auto& [text, keep] : keeps) {
    if (!*text) continue;
    auto parsed = retention::parse_keep(**text);
    if (!parsed) return parsed.error();
    *keep = *parsed;
  }
  return settings;
}

void print_policy(std::ostream& out, const layout::Day& today, const retention::RetentionPolicy& p) {
  out << "retention (today " << today.str() << "): raw " << retention::keep_text(p.raw) << ", processed "
      << retention::keep_text(p.processed) << ", reports " << retention::keep_text(p.reports) << ", metadata "
      << retention::keep_text(p.metadata) << ", archive " << retention::keep_text(p.archive) << "\n";
}

void write_json(std::ostream& out, const std::vector<retention::ArchiveOutcome>& archived,
                const std::vector<std::string>& planned, const std::optional<retention::RetentionPlan>& plan,
                const std::vector<retention::Mismatch>& mismatches, bool ok) {
  util::JsonWriter json(out);
  json.begin_object().field("ok", ok).key("archived").begin_array();
  for (const auto& a : archived) {
    json.begin_object().field("path", a.path.string()).field("files", a.files).field("input_bytes", a.input_bytes);
    json.field("archive_bytes", a.archive_bytes).field("sha256", a.sha256).field("threads", a.threads).end_object();
  }
  json.end_array().key("planned").begin_array();
  for (const std::string& day : planned)
    json.value(day);
  json.end_array().key("retention").begin_array();
  if (plan) {
    for (const auto& d : plan->decisions) {
      json.begin_object().field("area", d.area).field("item", d.item).field("action", d.prune ? "prune" : "keep");
      json.field("rule", d.rule).end_object();
    }
  }
  json.end_array().key("mismatches").begin_array();
  for (const auto& m : mismatches)
    json.begin_object().field("path", m.path).field("code", m.code).field("detail", m.detail).end_object();
  json.end_array().end_object();
  out << "\n";
}

} // namespace

int run_archive(Context& ctx, const ArchiveOptions& options) {
  auto settings = settings_from(ctx, options);
  if (!settings) return report_failure(ctx, settings.error());
  const util::TimePoint now = ctx.clock();
  const layout::Day today = layout::Day::from_time(now);
  return run_writing_command(ctx, "archive", [&](RunScope& scope) {
    CommandResult result;
    result.changed = !ctx.globals.dry_run;
    const bool text = !ctx.globals.json;
    retention::Inventory inventory = retention::scan_inventory(ctx.layout);
    std::vector<layout::Day> days = ctx.globals.date
                                        ? std::vector<layout::Day>{ctx.day}
                                        : retention::days_to_archive(today, settings->older_than, inventory);
    std::vector<std::string> planned;
    std::vector<retention::ArchiveOutcome> archived;
    for (const layout::Day& day : days) {
      std::error_code ec;
      const retention::ArchiveFiles existing = retention::find_archive(ctx.layout, day);
      if (!std::filesystem::exists(ctx.layout.raw_day(day), ec) && existing.archive && existing.checksum) {
        if (text)
          *ctx.out << "archived " << day.str() << "  already (raw/" << day.str() << " was pruned)  "
                   << existing.archive->string() << "\n";
        continue;
      }
      if (ctx.globals.dry_run) {
        planned.push_back(day.str());
        if (text)
          *ctx.out << "archive  " << day.str() << "  -> "
                   << retention::archive_path(ctx.layout, day, settings->archive.format).string() << "\n";
        continue;
      }
      util::throw_if_stop_requested();
      auto outcome = retention::write_day_archive(ctx.layout, day, settings->archive, now);
      if (!outcome) {
        if (outcome.error().kind == util::ErrorKind::interrupted) throw util::Failure(outcome.error());
        ctx.log->error("cannot archive day " + day.str(), {{"error", outcome.error().message()}});
        result.errors.push_back(
            {std::string(outcome.error().kind == util::ErrorKind::integrity ? "integrity" : "failed"),
             outcome.error().message(), day.str()});
        if (!result.failure) result.failure = outcome.error();
        continue;
      }
      ctx.log->info("archived", {{"day", day.str()}, {"path", outcome->path.string()}, {"sha256", outcome->sha256}});
      if (text) {
        *ctx.out << "archived " << day.str() << "  " << outcome->files << " files  "
                 << util::human_bytes(outcome->input_bytes) << " -> " << util::human_bytes(outcome->archive_bytes)
                 << "  " << outcome->path.string() << "  verified\n";
      }
      archived.push_back(std::move(*outcome));
    }
    std::optional<retention::RetentionPlan> plan;
    std::vector<retention::Mismatch> mismatches;
    std::size_t pruned = 0;
    if (!options.no_prune) {
      inventory = retention::scan_inventory(ctx.layout);
      if (ctx.globals.dry_run) {
        // What the real run sees after archiving: the planned days archived, verified and written today.
        std::vector<layout::Day> planned_days;
        for (const std::string& day : planned) planned_days.push_back(layout::Day::parse(day).value());
        retention::assume_archived(inventory, planned_days, today, retention::format_name(settings->archive.format));
      } else {
        auto recorded = retention::record_first_seen(ctx.layout, inventory, now);
        if (!recorded) throw util::Failure(recorded.error());
        for (const layout::Day& day : *recorded) {
          ctx.log->info("recorded an older version's archive as first seen today", {{"day", day.str()}});
        }
      }
      auto found = retention::verify_for_retention(
          ctx.layout, retention::days_needing_verification(today, settings->policy, inventory), inventory);
      if (!found) throw util::Failure(found.error());
      mismatches = std::move(*found);
      plan = retention::plan_retention(today, settings->policy, inventory);
      if (result.failure && result.failure->kind == util::ErrorKind::integrity) {
        retention::block_plan(*plan, "an archive written in this run failed verification, so nothing is deleted");
      }
      if (text) print_policy(*ctx.out, today, settings->policy);
      for (const retention::Decision& decision : plan->decisions) {
        if (text) {
          *ctx.out << "  " << (decision.prune ? "prune" : "keep ") << "  " << decision.area
                   << std::string(10 - std::min<std::size_t>(decision.area.size(), 9), ' ') << decision.item << "  "
                   << decision.rule << "\n";
        }
        if (!decision.prune || ctx.globals.dry_run) continue;
        util::throw_if_stop_requested();
        const auto staging = ctx.layout.staging() / ("archive-" + scope.run_id);
        if (auto status = retention::execute_prune(ctx.layout, decision, staging); !status)
          throw util::Failure(status.error());
        ctx.log->info("pruned", {{"area", decision.area}, {"item", decision.item}, {"rule", decision.rule}});
        ++pruned;
      }
      std::error_code ec;
      std::filesystem::remove(ctx.layout.staging() / ("archive-" + scope.run_id), ec); // empty once every prune is done
      for (const retention::Mismatch& m : mismatches) {
        ctx.log->error("archive differs from its checksum or manifest",
                       {{"path", m.path}, {"code", m.code}, {"detail", m.detail}});
        result.errors.push_back({"integrity", m.code + ": " + m.path + ": " + m.detail, {}});
        if (text) *ctx.out << "MISMATCH " << m.code << "  " << m.path << "  " << m.detail << "\n";
      }
      if (!mismatches.empty() && (!result.failure || result.failure->kind != util::ErrorKind::integrity)) {
        result.failure = util::make_error(
            util::ErrorKind::integrity, std::to_string(mismatches.size()) + " archive mismatch(es) found",
            "an archive differs from its checksum file or its manifest, so nothing was pruned",
            "run `fetch-kaggle verify --archives`; archive the day again from raw/ if it is still there");
      }
    }
    if (ctx.globals.json) write_json(*ctx.out, archived, planned, plan, mismatches, !result.failure);
    result.counts = {{"archived_days", static_cast<std::int64_t>(archived.size())},
                     {"pruned", static_cast<std::int64_t>(pruned)},
                     {"mismatches", static_cast<std::int64_t>(mismatches.size())}};
    return result;
  });
}

} // namespace fk::cli
