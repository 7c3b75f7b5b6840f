#include "cli/download_cmd.hpp"

#include "cli/exit_codes.hpp"
#include "cli/progress.hpp"
#include "cli/run_scope.hpp"
#include "config/config.hpp"
#include "download/downloader.hpp"
#include "download/shard.hpp"
#include "kaggle/credentials.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace fk::cli {

CLI::App* add_download_command(CLI::App& app, DownloadOptions& o) {
  CLI::App* command = app.add_subcommand("download", "Download Kaggle datasets into raw/YYYYMMDD/<owner>/<slug>/ with a manifest");
  command->add_option("datasets", o.refs, "Datasets as owner/slug or owner/slug/VERSION");
  command->add_option("--files", o.files, "Take only files matching this glob (repeatable); single files are fetched alone");
  command->add_option("--config", o.config, "Datasets config, YAML or JSON (env FETCH_KAGGLE_CONFIG); see docs/download.md");
  command->add_option("--search", o.search, "Discover datasets matching this text (with the state: only new or updated ones are fetched)");
  command->add_option("--user", o.user, "With --search: only datasets of this owner");
  command->add_option("--max", o.max_results, "With --search: at most this many datasets")->check(CLI::PositiveNumber);
  command->add_flag("--force", o.force, "Fetch even when this version was already fetched");
  command->add_option("--api-endpoint", o.api_endpoint, "Kaggle API base URL (env KAGGLE_API_ENDPOINT; default https://api.kaggle.com)");
  command->add_option("--credentials-file", o.credentials_file, "kaggle.json or a file holding an access token (wins over the environment)");
  command->add_option("--retries", o.retries, "Attempts per transfer or Kaggle API call before giving up")->check(CLI::Range(1, 100));
  command->add_option("--retry-budget", o.retry_budget, "Retries per run, shared by every API call and transfer")
      ->check(CLI::Range(0, 100000));
  command->add_option("--max-retry-after", o.max_retry_after, "Longest Retry-After honoured, in seconds")->check(CLI::NonNegativeNumber);
  command->add_option("--stall-timeout", o.stall_timeout, "Cut a transfer slower than --min-speed for this many seconds (then retry and resume)")->check(CLI::PositiveNumber);
  command->add_option("--min-speed", o.min_speed, "Lowest acceptable transfer speed in bytes/s, e.g. 1K (default), 100K")->type_name("BYTES_PER_SEC");
  command->add_option("--max-compression-ratio", o.max_ratio, "Opt-in: refuse an archive entry that expands more than this many times (default 0: off)")->check(CLI::NonNegativeNumber);
  command->add_option("--max-extracted-bytes", o.max_total, "Refuse archives that expand beyond this size (e.g. 64G)");
  command->add_option("--max-entry-bytes", o.max_entry, "Refuse an archive entry that declares or expands beyond this size (default 64G)");
  command->add_option("--shard", o.shard,
                      "Take only slice I of N (0-based) of the sorted dataset list, e.g. $JOB_COMPLETION_INDEX/3")
      ->type_name("I/N");
  return command;
}

namespace {

util::Result<std::uint64_t> parse_size(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  const std::string units = "KMGT";
  double factor = 1;
  if (!unit.empty() && units.find(static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0])))) != std::string::npos) {
    for (char u : units) {
      factor *= 1024;
      if (u == std::toupper(static_cast<unsigned char>(unit[0]))) break;
    }
    unit = unit.substr(1);
    if (unit == "i" || unit == "iB" || unit == "B") unit.clear();
  }
  if (used == 0 || !(value > 0) || !unit.empty() || !(value * factor < 1.8e19)) {
    return util::make_error(util::ErrorKind::usage, "invalid size '" + text + "'", "", "use a number with K, M, G or T, e.g. 64G");
  }
  return static_cast<std::uint64_t>(value * factor);
}

void print_summary(Context& ctx, const std::vector<download::DatasetOutcome>& outcomes) {
  if (ctx.globals.json) {
    util::JsonWriter json(*ctx.out);
    json.begin_object().field("ok", true).field("day", ctx.day.str()).key("datasets").begin_array();
    for (const auto& o : outcomes) {
      json.begin_object().field("ref", o.ref).field("version", o.version).field("status", o.status).field("reason", o.reason);
      json.field("files", o.files).field("bytes", o.bytes).field("records", o.records);
      json.field("archive_bytes", o.archive_bytes).field("resumed_bytes", o.resumed_bytes).field("seconds", o.seconds);
      json.end_object();
    }
    json.end_array().end_object();
    return;
  }
  *ctx.out << "day " << ctx.day.str() << "\n";
  for (const auto& o : outcomes) {
    *ctx.out << "  " << o.status << "  " << o.ref << " v" << o.version;
    if (o.status == "downloaded") {
      *ctx.out << "  " << o.files << " files  " << util::human_bytes(o.bytes) << "  " << o.records << " records";
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "  %.1fs", o.seconds);
      *ctx.out << seconds;
    } else {
      *ctx.out << "  (" << o.reason << ")";
    }
    *ctx.out << "\n";
  }
}

// Decide the run's failure from the datasets' outcomes: none; the kind every dataset failed with;
// when a retry can help (some failure is temporary), that kind or partial (6); when none can,
// partial_permanent (12), so a Job does not retry a run that would fail the same way.
std::optional<util::Error> overall_failure(const std::vector<download::DatasetOutcome>& outcomes) {
  std::size_t failed = 0;
  const util::Error* first = nullptr;
  const util::Error* first_retryable = nullptr;
  bool one_kind = true;
  for (const auto& o : outcomes) {
    if (!o.error) continue;
    ++failed;
    if (first == nullptr) first = &*o.error;
    one_kind = one_kind && o.error->kind == first->kind;
    if (first_retryable == nullptr && is_retryable(o.error->kind)) first_retryable = &*o.error;
  }
  if (failed == 0) return std::nullopt;
  const std::string counted = std::to_string(failed) + " of " + std::to_string(outcomes.size()) + " datasets failed";
  if (failed == outcomes.size() && (one_kind || first_retryable != nullptr)) {
    util::Error error = one_kind ? *first : *first_retryable;
    if (failed > 1) error.what = std::to_string(failed) + " datasets failed; " + (one_kind ? "first: " : "first retryable: ") + error.what;
    return error;
  }
  if (first_retryable != nullptr) {
    return util::make_error(util::ErrorKind::partial, counted, "first retryable: " + first_retryable->message(),
                            "the next run retries them; see the run report's errors");
  }
  return util::make_error(util::ErrorKind::partial_permanent, counted + " for good",
                          "first: " + first->message(),
                          "retrying does not help: fix or remove those datasets (see the run report's errors and the manifest)");
}

} // namespace

int run_download(Context& ctx, const DownloadOptions& options) {
  download::DownloadRequest request;
  for (const std::string& text : options.refs) {
    auto ref = kaggle::parse_dataset_ref(text);
    if (!ref) return report_failure(ctx, ref.error());
    request.refs.push_back(*ref);
  }
  const std::optional<std::string> config_file = options.config ? options.config : ctx.env.get("FETCH_KAGGLE_CONFIG");
  if (config_file && !config_file->empty()) {
    auto config = config::read_config(*config_file);
    if (!config) return report_failure(ctx, config.error());
    for (const config::ConfiguredDataset& entry : config->datasets) {
      request.refs.push_back(entry.ref);
      request.globs_by_ref[entry.ref.ref()] = entry.files;
    }
  }
  if (request.refs.empty() && !options.search) {
    return report_failure(ctx, util::make_error(util::ErrorKind::usage, "nothing to download", "no dataset and no --search given",
                                                "e.g. fetch-kaggle download owner/slug, --config datasets.yaml, or --search QUERY"));
  }
  if (options.shard) {
    auto shard = download::parse_shard(*options.shard);
    if (!shard) return report_failure(ctx, shard.error());
    if (options.search) {
      return report_failure(ctx, util::make_error(util::ErrorKind::usage, "--shard cannot be used with --search",
                                                  "each shard would search on its own and could see other results",
                                                  "list the datasets (arguments or --config) to shard them"));
    }
    ctx.globals.metric_labels.emplace_back("shard", std::to_string(shard->index));
    const std::size_t all = request.refs.size();
    request.refs = download::select_shard(request.refs, *shard);
    ctx.log->info("shard " + *options.shard + ": " + std::to_string(request.refs.size()) + " of " + std::to_string(all) +
                  " datasets");
  }
  auto max_total = parse_size(options.max_total);
  if (!max_total) return report_failure(ctx, max_total.error());
  auto max_entry = parse_size(options.max_entry);
  if (!max_entry) return report_failure(ctx, max_entry.error());
  auto min_speed = parse_size(options.min_speed);
  if (!min_speed) {
    util::Error error = min_speed.error();
    error.what = "--min-speed: " + error.what;
    error.fix = "give the lowest acceptable speed in bytes per second, e.g. 1K or 100K";
    return report_failure(ctx, error);
  }
  request.globs = options.files;
  request.search = options.search;
  request.user = options.user;
  request.max_results = options.max_results;
  request.force = options.force;
  request.retry.max_attempts = options.retries;
  request.retry.retry_after_cap = std::chrono::milliseconds(static_cast<long>(options.max_retry_after * 1000));
  request.retry.budget = std::make_shared<net::RetryBudget>(options.retry_budget); // one per run, shared
  request.max_total_bytes = *max_total;
  request.max_ratio = options.max_ratio;
  request.max_entry_bytes = *max_entry;

  auto endpoint = kaggle::choose_api_endpoint(options.api_endpoint, ctx.env.get("KAGGLE_API_ENDPOINT"));
  if (!endpoint) return report_failure(ctx, endpoint.error());
  if (auto warning = kaggle::cleartext_warning(*endpoint)) ctx.log->warn(*warning);
  if (auto keylog = ctx.env.get("SSLKEYLOGFILE"); keylog && !keylog->empty()) {
    ctx.log->warn("SSLKEYLOGFILE is set: libcurl writes this run's TLS session keys there, so whoever reads that file "
                  "can decrypt the traffic, credentials included; unset it outside debugging",
                  {{"path", *keylog}});
  }
  std::optional<std::filesystem::path> credentials_file;
  if (options.credentials_file) credentials_file = *options.credentials_file;
  auto credentials = kaggle::load_credentials(ctx.env, credentials_file, *ctx.log);
  if (!credentials) return report_failure(ctx, credentials.error());
  ctx.log->debug("credentials", {{"source", credentials->describe()}});

  net::HttpOptions http_options;
  http_options.proxy = ctx.env.get("KAGGLE_PROXY").value_or("");
  http_options.stall_timeout = std::chrono::seconds(std::max(1L, static_cast<long>(options.stall_timeout)));
  http_options.min_speed_bytes_per_sec = *min_speed;
  net::HttpClient http(http_options);
  kaggle::KaggleClient client(*endpoint, *credentials, http, *ctx.log, request.retry);
  Progress progress(::isatty(STDERR_FILENO) == 1 && !ctx.globals.quiet ? &std::cerr : nullptr, *ctx.log);

  return run_writing_command(ctx, "download", [&](RunScope& scope) {
    CommandResult result;
    std::string warning;
    auto state = download::read_state(ctx.layout, warning);
    if (!state) {
      result.failure = state.error();
      return result;
    }
    if (!warning.empty()) {
      ctx.log->warn(warning);
      result.warnings.push_back(warning);
    }
    const std::filesystem::path staging = ctx.layout.staging() / ("download-" + scope.run_id);
    download::DownloaderContext dctx{ctx.layout, ctx.day, client, http, *ctx.log, ctx.clock, staging,
                                     [&](std::uint64_t done, std::optional<std::uint64_t> total) { progress.update(done, total); }};
    progress.start("download");
    const auto planned = download::plan_downloads(dctx, request, *state);
    for (const auto& item : planned) {
      if (!item.plan) continue;
      for (const std::string& text : item.plan->warnings) result.warnings.push_back(ctx.log->redact(text));
    }
    if (ctx.globals.dry_run) {
      std::vector<download::DatasetPlan> plans;
      for (const auto& item : planned) {
        if (item.plan) plans.push_back(*item.plan);
        else *ctx.out << "error " << item.ref.to_string() << "  (" << item.error->message() << ")\n";
      }
      download::print_plan(*ctx.out, plans);
      result.changed = false;
      for (const auto& item : planned) {
        if (item.error) result.failure = item.error;
      }
      return result;
    }
    const util::RemoveOnExit cleanup(staging); // also when a stop signal ends the run
    const auto outcomes = download::execute_downloads(dctx, request, planned, *state);
    progress.finish();
    print_summary(ctx, outcomes);
    std::int64_t downloaded = 0, unchanged = 0, failed = 0, bytes = 0, files = 0, records = 0;
    for (const auto& o : outcomes) {
      downloaded += o.status == "downloaded";
      unchanged += o.status == "unchanged";
      failed += o.status == "failed";
      bytes += static_cast<std::int64_t>(o.bytes);
      files += static_cast<std::int64_t>(o.files);
      records += static_cast<std::int64_t>(o.records);
      if (o.error) result.errors.push_back({std::string(kind_name(o.error->kind)), ctx.log->redact(o.error->message()), o.ref});
    }
    result.counts = {{"datasets", static_cast<std::int64_t>(outcomes.size())}, {"downloaded", downloaded},
                     {"unchanged", unchanged}, {"failed", failed}, {"files", files}, {"bytes", bytes}, {"records", records}};
    result.failure = overall_failure(outcomes);
    return result;
  });
}

} // namespace fk::cli
