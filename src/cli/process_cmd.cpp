#include "cli/process_cmd.hpp"

#include "cli/exit_codes.hpp"
#include "cli/run_scope.hpp"
#include "download/config.hpp"
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

// Describe what loading `plan` would do: one dataset per database, one table per file (checked first).
std::vector<load::DatasetLoad> plan_loads(const Context& ctx, const process::ProcessPlan& plan) {
  std::vector<load::DatasetLoad> loads;
  const std::filesystem::path folder = ctx.layout.processed_day(ctx.day);
  for (const process::PlannedDataset& dataset : plan.datasets) {
    load::DatasetLoad entry{dataset.ref, folder / (dataset.ref + ".sqlite"), folder / dataset.ref / "rejected", {}};
    entry.version = dataset.version;
    for (const process::PlannedFile& file : dataset.files) {
      if (file.is_csv) entry.tables.push_back({file.path, file.source, std::nullopt, {}});
    }
    loads.push_back(std::move(entry));
  }
  return loads;
}

void print_load_plan(std::ostream& out, const std::vector<load::DatasetLoad>& loads,
                     const std::optional<load::PgTarget>& pg) {
  for (const load::DatasetLoad& dataset : loads) {
    for (const load::TableSource& table : dataset.tables) {
      out << "  load        " << dataset.ref << "/" << util::to_valid_utf8(table.file) << "  ->  "
          << (pg ? pg->display + " schema " + load::pg_schema_name(dataset.ref) : dataset.database.string())
          << " (if valid)\n";
    }
  }
}

// Give each planned table its validation profile, or the reason it is skipped (corrupt or invalid).
void attach_profiles(std::vector<load::DatasetLoad>& loads, const process::ValidationReport& report) {
  for (std::size_t d = 0; d < loads.size() && d < report.datasets.size(); ++d) {
    for (load::TableSource& table : loads[d].tables) {
      for (const process::FileResult& file : report.datasets[d].files) {
        if (file.path != table.file) continue;
        const process::SeverityCounts counts = process::count_problems(file);
        if (!file.intact()) {
          table.skip_reason = "corrupt: " + file.integrity.front().code + ": " + file.integrity.front().message;
        } else if (!file.profile) {
          table.skip_reason = "not scanned";
        } else if (!process::passes(counts, report.fail_on)) {
          table.skip_reason = "invalid: " + std::to_string(counts.errors) + " error(s), " +
                              std::to_string(counts.warnings) + " warning(s); see validation_report.json";
        } else {
          table.profile = file.profile;
        }
      }
    }
  }
}

// Load every valid CSV of the day and write processed/<day>/load_summary.json.
// With `pg`, load into PostgreSQL (one connection for the run) instead of SQLite.
util::Result<load::LoadSummary> load_day(Context& ctx, const process::ProcessPlan& plan,
                                         const process::ValidationReport& report, const csv::ScanOptions& scan,
                                         const std::optional<load::PgTarget>& pg) {
  std::vector<load::DatasetLoad> loads = plan_loads(ctx, plan);
  attach_profiles(loads, report);
  load::LoadSummary summary{report.day, report.created_at, report.tool_version, {}};
  std::optional<load::PgConnection> connection;
  if (pg) {
    auto connected = load::PgConnection::connect(*pg);
    if (!connected) return connected.error();
    connection.emplace(std::move(*connected));
    summary.engine = "postgresql";
  }
  const std::string day = ctx.day.str().substr(0, 4) + "-" + ctx.day.str().substr(4, 2) + "-" + ctx.day.str().substr(6, 2);
  for (const load::DatasetLoad& dataset : loads) {
    auto tables = connection ? load::load_dataset_postgres(*connection, dataset, day, scan) : load::load_dataset(dataset, scan);
    if (!tables) return tables.error();
    for (load::TableLoad& table : *tables) {
      ctx.log->info("table " + table.status, {{"dataset", table.dataset},
                                              {"file", util::to_valid_utf8(table.file)},
                                              {"table", table.table},
                                              {"loaded", std::to_string(table.loaded)},
                                              {"rejected", std::to_string(table.rejected)},
                                              {"detail", table.message}});
      if (!ctx.globals.json) {
        *ctx.out << "  " << table.status << "  " << table.dataset << "/" << util::to_valid_utf8(table.file);
        if (!table.table.empty()) *ctx.out << "  -> " << table.table << "  " << table.loaded << " rows";
        if (table.rejected > 0) *ctx.out << "  " << table.rejected << " rejected";
        *ctx.out << "\n";
      }
      summary.tables.push_back(std::move(table));
    }
  }
  const std::filesystem::path path = ctx.layout.processed_day(ctx.day) / "load_summary.json";
  if (auto written = load::write_load_summary(path, summary); !written) return written.error();
  if (!ctx.globals.json) *ctx.out << "load summary " << path.string() << "\n";
  return summary;
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
  auto config = download::read_config(*config_file);
  if (!config) return config.error();
  for (const download::ConfiguredDataset& dataset : config->datasets) {
    for (const auto& [glob, path] : dataset.schemas) {
      auto binding = process::bind_config_schema(dataset.ref.ref(), glob, path,
                                                 std::filesystem::path(*config_file).parent_path());
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
  return run_writing_command(ctx, "process", [&](RunScope&) {
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
      if (!options.no_load) print_load_plan(*ctx.out, plan_loads(ctx, *plan), *pg);
      result.changed = false;
      return result;
    }
    process::ValidateOptions validate;
    validate.schemas = std::move(*schemas);
    validate.fail_on = fail_on;
    validate.created_at = util::format_iso8601(ctx.clock());
    validate.tool_version = util::k_version;
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
    auto path = process::write_validation_outputs(ctx.layout, ctx.day, *report, validate.scan.null_tokens);
    if (!path) {
      result.failure = path.error();
      return result;
    }
    print_summary(ctx, *report, *path);
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
    result.failure = process::validation_failure(*report, *path);
    if (options.no_load) return result;
    auto loaded = load_day(ctx, *plan, *report, validate.scan, *pg);
    if (!loaded) {
      if (!result.failure) result.failure = loaded.error();
      return result;
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
    return result;
  });
}

} // namespace fk::cli
