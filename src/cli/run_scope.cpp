#include "cli/run_scope.hpp"

#include "cli/exit_codes.hpp"
#include "layout/init_plan.hpp"
#include "layout/layout_version.hpp"
#include "layout/publish.hpp"
#include "layout/run_lock.hpp"
#include "metrics/publish.hpp"
#include "net/url.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"
#include "util/signals.hpp"

#include <iostream>

namespace fk::cli {

namespace fs = std::filesystem;

namespace {

// Remove AtomicFile temporaries that killed runs left where the tool writes files in place.
std::size_t sweep_temporaries(const layout::Layout& layout) {
  std::size_t removed = util::remove_stale_temporaries(layout.root());
  for (std::string_view area : layout::k_areas) {
    const fs::path dir = layout.area(area);
    removed += util::remove_stale_temporaries(dir);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // Day folders (and metadata/ below any depth) hold manifests and reports written in place.
      if (area != "metadata" && it.depth() >= 1) it.disable_recursion_pending();
      if (it->is_directory()) removed += util::remove_stale_temporaries(it->path());
    }
  }
  return removed;
}

// Create the root if needed, check it, take the lock and complete the layout.
util::Result<util::FileLock> prepare_root(Context& ctx, RunScope& scope, bool check_layout) {
  const layout::Layout& layout = ctx.layout;
  std::error_code ec;
  if (!fs::exists(layout.root(), ec)) {
    if (auto status = util::create_directories(layout.root()); !status) return status.error();
  }
  if (auto status = layout::check_root_writable(layout); !status) return status.error();
  if (check_layout) {
    if (auto status = layout::check_layout_compatible(layout); !status) return status.error();
  }
  const auto wait = std::chrono::milliseconds(static_cast<long>(ctx.globals.lock_timeout_seconds * 1000));
  auto lock = layout::acquire_run_lock(layout, scope.command, scope.run_id, scope.started_at, wait);
  if (!lock) return lock.error();
  const layout::InitPlan plan = layout::plan_init(layout);
  if (!plan.empty()) {
    for (const std::string& line : layout::describe(plan, layout)) ctx.log->debug(line);
    ctx.log->info("initialised the data root layout", {{"data_root", layout.root().string()}});
    if (auto status = layout::execute(plan, layout, scope.started_at); !status) return status.error();
    scope.initialised_now = true;
  }
  const std::size_t temporaries = sweep_temporaries(layout);
  const std::size_t staging = layout::clean_stale_staging(layout);
  if (temporaries + staging > 0) {
    ctx.log->info("removed leftovers of interrupted runs",
                  {{"temporaries", std::to_string(temporaries)}, {"staging_folders", std::to_string(staging)}});
  }
  return lock;
}

std::string outcome_of(const std::optional<util::Error>& failure) {
  if (!failure) return "success";
  if (failure->kind == util::ErrorKind::partial || failure->kind == util::ErrorKind::partial_permanent) return "partial";
  if (failure->kind == util::ErrorKind::interrupted) return "interrupted";
  return "failed";
}

// Return true when this run writes or pushes metrics: asked for, not a dry run, a command that changes data.
bool wants_metrics(const Context& ctx, const std::string& command) {
  if (ctx.globals.dry_run || (!ctx.globals.metrics_file && !ctx.globals.pushgateway)) return false;
  return !command.empty() && command != "status" && command != "verify";
}

double unix_seconds(util::TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// Write the --metrics-file and push to --pushgateway; failures are warnings, never a changed exit code.
void publish_metrics(Context& ctx, const std::string& command, util::TimePoint started, util::TimePoint finished,
                     const std::string& outcome, int exit_code,
                     const std::vector<std::pair<std::string, std::int64_t>>& counts, std::size_t errors) {
  if (!wants_metrics(ctx, command)) return;
  metrics::RunMetrics run{command, ctx.globals.metric_labels, util::seconds_between(started, finished),
                          unix_seconds(finished), outcome, exit_code, counts, static_cast<std::int64_t>(errors), std::nullopt};
  if (outcome == "success") run.last_success_seconds = run.finished_at_seconds;
  if (ctx.globals.metrics_file) {
    if (auto written = metrics::write_textfile(*ctx.globals.metrics_file, run); !written) {
      ctx.log->warn("cannot write the metrics file; the exit code stays that of the run",
                    {{"error", ctx.log->redact(written.error().message())}});
    } else {
      ctx.log->debug("metrics written", {{"path", *ctx.globals.metrics_file}});
    }
  }
  if (ctx.globals.pushgateway) {
    const metrics::PushTarget target = metrics::split_push_url(*ctx.globals.pushgateway);
    if (target.password) ctx.log->add_secret(*target.password);
    if (net::is_cleartext_remote(target.base_url) && target.password) {
      ctx.log->warn("the Pushgateway URL is plain http:// to another host: its credentials cross the network "
                    "unencrypted; use https://", {{"url", target.base_url}});
    }
    metrics::Labels grouping{{"command", command}};
    grouping.insert(grouping.end(), ctx.globals.metric_labels.begin(), ctx.globals.metric_labels.end());
    if (auto pushed = metrics::push(target, grouping, run, std::chrono::seconds(15)); !pushed) {
      ctx.log->warn("cannot push the metrics to the Pushgateway; the exit code stays that of the run",
                    {{"error", ctx.log->redact(pushed.error().message())}});
    } else {
      ctx.log->debug("metrics pushed", {{"url", target.base_url + metrics::grouping_path(grouping)},
                                        {"method", std::string(metrics::push_method(run))}});
    }
  }
}

// Print `error` as every command reports a failure (stderr, and stdout with --json); return its exit code.
int print_failure(Context& ctx, const util::Error& error) {
  const ExitCode code = exit_code_for(error.kind, util::stop_signal());
  const std::string message = ctx.log->redact(error.message());
  if (ctx.log->format() == util::LogFormat::json) {
    ctx.log->error(message, {{"kind", std::string(kind_name(error.kind))}, {"exit_code", std::to_string(static_cast<int>(code))}});
  } else {
    std::cerr << "fetch-kaggle: error: " << message << "\n";
  }
  if (ctx.globals.json) {
    util::JsonWriter json(*ctx.out);
    json.begin_object().field("ok", false).key("error").begin_object();
    json.field("kind", kind_name(error.kind)).field("message", message).field("exit_code", static_cast<int>(code));
    json.end_object().end_object();
  }
  return static_cast<int>(code);
}

} // namespace

int report_failure(Context& ctx, const util::Error& error) {
  const int code = print_failure(ctx, error);
  const util::TimePoint now = ctx.clock(); // a failure before the run started: duration 0
  publish_metrics(ctx, ctx.globals.command, now, now, outcome_of(error), code, {}, 1);
  return code;
}

int run_writing_command(Context& ctx, const std::string& command, const std::function<CommandResult(RunScope&)>& body,
                        bool check_layout) {
  RunScope scope{command, report::new_run_id(), ctx.clock(), false};
  if (ctx.globals.dry_run) {
    CommandResult result = body(scope);
    return result.failure ? report_failure(ctx, *result.failure) : 0;
  }
  auto lock = prepare_root(ctx, scope, check_layout);
  if (!lock) {
    const int code = print_failure(ctx, lock.error());
    publish_metrics(ctx, command, scope.started_at, ctx.clock(), outcome_of(lock.error()), code, {}, 1);
    return code;
  }
  ctx.log->debug("run started", {{"command", command}, {"run_id", scope.run_id}, {"data_root", ctx.layout.root().string()}});

  CommandResult result;
  try {
    result = body(scope);
  } catch (const util::Failure& failure) {
    result.failure = failure.error();
    result.changed = true;
  }
  if (!result.failure && util::stop_requested()) {
    try {
      util::throw_if_stop_requested();
    } catch (const util::Failure& failure) {
      result.failure = failure.error();
    }
  }
  int exit_code = 0;
  if (result.failure) {
    exit_code = static_cast<int>(exit_code_for(result.failure->kind, util::stop_signal()));
    result.errors.push_back({std::string(kind_name(result.failure->kind)), ctx.log->redact(result.failure->message()), {}});
  }
  if (result.changed || scope.initialised_now) {
    report::RunReport run_report{command, scope.run_id, scope.started_at, ctx.clock(),
                                 report::redact_arguments(ctx.arguments), ctx.layout.root().string(), ctx.day.str(),
                                 outcome_of(result.failure), exit_code, result.counts, result.errors, result.warnings};
    auto written = report::write_run_report(ctx.layout, run_report);
    if (!written) {
      ctx.log->error("cannot write the run report", {{"error", written.error().message()}});
    } else {
      ctx.log->debug("run report written", {{"path", written->string()}});
    }
  }
  publish_metrics(ctx, command, scope.started_at, ctx.clock(), outcome_of(result.failure), exit_code, result.counts,
                  result.errors.size());
  if (result.failure) return print_failure(ctx, *result.failure);
  return exit_code;
}

} // namespace fk::cli
