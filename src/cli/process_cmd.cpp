#include "cli/process_cmd.hpp"

#include "cli/exit_codes.hpp"
#include "cli/process_load.hpp"
#include "cli/run_scope.hpp"
#include "config/config.hpp"
#include "layout/publish.hpp"
#include "load/load_summary.hpp"
#include "load/pg_loader.hpp"
#include "load/pg_values.hpp"
#include "load/sqlite_loader.hpp"
#include "process/plan.hpp"
#include "process/validator.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"
#include "util/utf8.hpp"
#include "util/version.hpp"

namespace fk::cli {

CLI::App* add_process_command(CLI::App& app, ProcessOptions& o) {
  CLI::App* command =
      app.add_subcommand("process", "Re-check a day's raw files against its manifest and validate every CSV");
  command->add_option("datasets", o.refs,
                      "Only these datasets (owner/slug); default: every dataset downloaded that day");
  command->add_option("--fail-on", o.fail_on, "Problems that make the day invalid (exit 5): error, warning or never")
      ->check(CLI::IsMember({"error", "warning", "never"}));
  command->add_option("--schema", o.schemas,
                      "Check CSVs against a Frictionless Table Schema: [GLOB=]PATH, repeatable, first match wins; "
                      "GLOB matches the file name, or owner/slug/file when it holds a '/'");
  command->add_option("--config", o.config,
                      "Datasets config (env FETCH_KAGGLE_CONFIG) whose `schemas:` entries apply after --schema");
  command->add_option("--database-url", o.database_url,
                      "Load into PostgreSQL instead of SQLite: postgresql://user:password@host:port/db "
                      "(env DATABASE_URL); idempotent per day, see docs/process.md");
  command->add_option("--threads", o.threads, "Files validated at once (default: one per core)")
      ->check(CLI::Range(0U, 256U));
  command->add_flag(
      "--no-load", o.no_load,
      "Validate only; by default each valid CSV is also loaded into processed/<day>/<owner>/<slug>.sqlite");
  return command;
}

namespace {

std::string_view file_state(const process::FileResult& file, process::FailOn fail_on) {
  if (!file.intact()) return "corrupt";
  if (!file.profile) return "checked";
  return process::passes(process::count_problems(file), fail_on) ? "valid" : "invalid";
}

void print_file(Context& ctx, const std::string& ref, const process::FileResult& file, process::FailOn fail_on) {
  if (ctx.globals.json) return;
  const process::SeverityCounts counts = process::count_problems(file);
  *ctx.out << "  " << file_state(file, fail_on) << "  " << ref << "/" << util::to_valid_utf8(file.path);
  if (file.profile) *ctx.out << "  " << file.profile->records << " records";
  *ctx.out << "  " << counts.errors << " errors  " << counts.warnings << " warnings\n";
}

void print_summary(Context& ctx, const process::ValidationReport& report, const std::filesystem::path& path) {
  const process::ReportTotals totals = process::compute_totals(report);
  const bool valid = process::passes(totals.problems, report.fail_on);
  if (ctx.globals.json) {
    util::JsonWriter json(*ctx.out);
    json.begin_object()
        .field("ok", valid)
        .field("day", report.day)
        .field("valid", valid)
        .field("report", path.string());
    json.field("datasets", totals.datasets).field("files", totals.files).field("csv_files", totals.csv_files);
    json.field("corrupt_files", totals.corrupt_files).field("records", totals.records).field("bytes", totals.bytes);
    json.field("errors", totals.problems.errors).field("warnings", totals.problems.warnings);
    json.end_object();
    *ctx.out << "\n";
    return;
  }
  *ctx.out << (valid ? "valid" : "invalid") << "  day " << report.day << "  " << totals.files << " files  "
           << totals.records << " records  " << util::human_bytes(totals.bytes) << "  " << totals.problems.errors
           << " errors  " << totals.problems.warnings << " warnings\n"
           << "report " << path.string() << "\n";
}

// Replace the value of --database-url in `arguments` (kept for the run report) by the URL without
// its password, or by *** when it does not parse: whatever form it has, no password is written.
void redact_database_url(std::vector<std::string>& arguments) {
  const std::string option = "--database-url";
  const auto shown = [](const std::string& url) {
    auto target = load::parse_database_url(url);
    return target ? target->display : std::string("***");
  };
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == option && i + 1 < arguments.size()) {
      arguments[i + 1] = shown(arguments[i + 1]);
    } else if (arguments[i].starts_with(option + "=")) {
      arguments[i] = option + "=" + shown(arguments[i].substr(option.size() + 1));
    }
  }
}

// Return the PostgreSQL target of --database-url or DATABASE_URL (none: SQLite), its password
// registered with the logger so that no log line or error message shows it.
util::Result<std::optional<load::PgTarget>> database_target(Context& ctx, const ProcessOptions& options) {
  const std::optional<std::string> url = options.database_url ? options.database_url : ctx.env.get("DATABASE_URL");
  if (!url || url->empty()) return std::optional<load::PgTarget>{};
  auto target = load::parse_database_url(*url);
  if (!target) return target.error();
  ctx.log->add_secret(target->password);
  ctx.log->add_secret(target->password_in_url);
  return std::optional<load::PgTarget>(std::move(*target));
}

// Read the schemas of --schema, then those of the datasets config.
util::Result<std::vector<process::SchemaBinding>> load_schemas(const Context& ctx, const ProcessOptions& options) {
  std::vector<process::SchemaBinding> bindings;
  for (const std::string& spec : options.schemas) {
    auto binding = process::parse_schema_option(spec);
    if (!binding) return binding.error();
    bindings.push_back(std::move(*binding));
  }
  const std::optional<std::string> config_file = options.config ? options.config : ctx.env.get("FETCH_KAGGLE_CONFIG");
  if (!config_file || config_file->empty()) return bindings;
  auto config = config::read_config(*config_file);
  if (!config) return config.error();
  for (const config::ConfiguredDataset& dataset : config->datasets) {
    for (const auto& [glob, path] : dataset.schemas) {
      auto binding =
          process::bind_config_schema(dataset.ref.ref(), glob, path, std::filesystem::path(*config_file).parent_path());
      if (!binding) return binding.error();
      bindings.push_back(std::move(*binding));
    }
  }
  return bindings;
}

} // namespace

int run_process(Context& ctx, const ProcessOptions& options) {
  const process::FailOn fail_on = process::parse_fail_on(options.fail_on).value_or(process::FailOn::error);
  if (options.database_url) redact_database_url(ctx.arguments);
  return run_writing_command(ctx, "process", [&](RunScope& scope) {
    CommandResult result;
    auto manifest = process::read_day_manifest(ctx.layout, ctx.day);
    if (!manifest) {
      result.failure = manifest.error();
      return result;
    }
    auto plan = process::plan_process(*manifest, ctx.layout, ctx.day, options.refs);
    if (!plan) {
      result.failure = plan.error();
      return result;
    }
    auto schemas = load_schemas(ctx, options);
    if (!schemas) {
      result.failure = schemas.error();
      return result;
    }
    auto pg = database_target(ctx, options);
    if (!pg) {
      result.failure = pg.error();
      return result;
    }
    if (ctx.globals.dry_run) {
      process::print_plan(*ctx.out, *plan);
      if (!options.no_load) print_load_plan(*ctx.out, plan_loads(ctx.layout.processed_day(ctx.day), *plan), *pg);
      result.changed = false;
      return result;
    }
    // Work on a copy of processed/<day> made of hard links and publish it in one step: a crash or a
    // stop leaves the previous version whole, and readers never see a half-processed day.
    const std::filesystem::path final_dir = ctx.layout.processed_day(ctx.day);
    auto work = layout::make_staging_dir(ctx.layout, "process", scope.run_id);
    if (!work) {
      result.failure = work.error();
      return result;
    }
    const util::RemoveOnExit cleanup(*work);
    const layout::Layout staged_layout(*work);
    const std::filesystem::path staged = staged_layout.processed_day(ctx.day);
    if (auto linked = layout::link_copy(final_dir, staged); !linked) {
      result.failure = linked.error();
      return result;
    }
    const auto publish = [&] {
      if (auto published = layout::publish_dir(staged, final_dir); !published && !result.failure)
        result.failure = published.error();
      return result;
    };
    process::ValidateOptions validate;
    validate.schemas = std::move(*schemas);
    validate.fail_on = fail_on;
    validate.created_at = util::format_iso8601(ctx.clock());
    validate.tool_version = util::k_version;
    validate.threads = options.threads;
    if (!ctx.globals.json) *ctx.out << "day " << ctx.day.str() << "\n";
    auto report = process::validate_plan(*plan, validate, [&](const std::string& ref, const process::FileResult& file) {
      ctx.log->debug("file checked",
                     {{"dataset", ref}, {"file", util::to_valid_utf8(file.path)}, {"sha256", file.sha256}});
      for (const process::IntegrityIssue& issue : file.integrity) {
        ctx.log->error("raw file differs from the manifest", {{"dataset", ref},
                                                              {"file", util::to_valid_utf8(file.path)},
                                                              {"code", issue.code},
                                                              {"detail", issue.message}});
      }
      print_file(ctx, ref, file, fail_on);
    });
    if (!report) {
      result.failure = report.error();
      return result;
    }
    auto written = process::write_validation_outputs(staged_layout, ctx.day, *report, validate.scan.null_tokens);
    if (!written) {
      result.failure = written.error();
      return result;
    }
    const std::filesystem::path path = final_dir / written->filename();
    print_summary(ctx, *report, path);
    const process::ReportTotals totals = process::compute_totals(*report);
    result.counts = {{"datasets", static_cast<std::int64_t>(totals.datasets)},
                     {"files", static_cast<std::int64_t>(totals.files)},
                     {"csv_files", static_cast<std::int64_t>(totals.csv_files)},
                     {"corrupt_files", static_cast<std::int64_t>(totals.corrupt_files)},
                     {"records", static_cast<std::int64_t>(totals.records)},
                     {"bytes", static_cast<std::int64_t>(totals.bytes)},
                     {"errors", static_cast<std::int64_t>(totals.problems.errors)},
                     {"warnings", static_cast<std::int64_t>(totals.problems.warnings)}};
    for (const process::DatasetResult& dataset : report->datasets) {
      for (const process::FileResult& file : dataset.files) {
        for (const process::IntegrityIssue& issue : file.integrity) {
          result.errors.push_back(
              {"integrity", issue.code + ": " + util::to_valid_utf8(file.path) + ": " + issue.message, dataset.ref});
        }
      }
    }
    result.failure = process::validation_failure(*report, path);
    if (options.no_load) {
      // The day's folder is published as a whole: a summary of an earlier load would sit beside
      // this report as if current, so it goes (the databases stay; docs/process.md).
      std::error_code removed;
      std::filesystem::remove(staged / "load_summary.json", removed);
      if (removed && !result.failure)
        result.failure = util::io_error("cannot remove the earlier load_summary.json", removed.value(), staged);
      return publish();
    }
    auto loaded = load_day(ctx, *plan, *report, validate.scan, *pg, staged, final_dir);
    if (!loaded) {
      result.failure = loaded.error(); // the environment failed: its code wins over 5 and 9
      return loaded.error().kind == util::ErrorKind::interrupted ? result : publish();
    }
    std::uint64_t rows = 0;
    std::uint64_t rejected = 0;
    for (const load::TableLoad& table : loaded->tables) {
      rows += table.loaded;
      rejected += table.rejected;
      if (table.status == "failed")
        result.errors.push_back({"partial", table.file + ": " + table.message, table.dataset});
    }
    result.counts.emplace_back("loaded_rows", static_cast<std::int64_t>(rows));
    result.counts.emplace_back("rejected_rows", static_cast<std::int64_t>(rejected));
    if (!result.failure && load::has_failures(*loaded)) {
      result.failure =
          util::make_error(util::ErrorKind::partial, "some tables of day " + report->day + " were not loaded",
                           "a raw file could not be read on the loading pass, or the database refused a table; see "
                           "the tables' messages in load_summary.json",
                           "fix what the message names (file permissions, a table whose columns changed), then run "
                           "process again");
    }
    return publish();
  });
}

} // namespace fk::cli
