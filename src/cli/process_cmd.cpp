#include "cli/process_cmd.hpp"

#include "cli/exit_codes.hpp"
#include "cli/run_scope.hpp"
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
  command->add_flag("--no-load", o.no_load,
                    "Validate only; loading into a database is not implemented yet, so this is also the default");
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

} // namespace

int run_process(Context& ctx, const ProcessOptions& options) {
  const process::FailOn fail_on = process::parse_fail_on(options.fail_on).value_or(process::FailOn::error);
  if (!options.no_load) {
    ctx.log->info("loading into a database is not implemented yet; validating only, as with --no-load");
  }
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
    if (ctx.globals.dry_run) {
      process::print_plan(*ctx.out, *plan);
      result.changed = false;
      return result;
    }
    process::ValidateOptions validate;
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
    return result;
  });
}

} // namespace fk::cli
