#include "download/downloader.hpp"

#include "layout/publish.hpp"
#include "net/url.hpp"
#include "report/download_manifest.hpp"
#include "retention/day_check.hpp"
#include "retention/restore.hpp"
#include "util/fs.hpp"
#include "util/signals.hpp"
#include "util/version.hpp"

#include <chrono>

namespace fk::download {

namespace fs = std::filesystem;
using util::ErrorKind;

namespace {

// Return the licence to record: GetDatasetMetadata's (retried by the client); when that call fails,
// the licence recorded by an earlier run, else GetDataset's licenseName, with a warning either way.
std::string choose_license(DownloaderContext& ctx, const kaggle::DatasetRef& ref, const kaggle::Dataset& remote,
                           std::vector<std::string>& warnings) {
  auto metadata = ctx.client.get_dataset_metadata(ref.owner, ref.slug);
  if (metadata) return metadata->licenses.empty() ? remote.license_name : metadata->licenses.front();
  std::string warning = "cannot read the metadata of " + ref.ref() + " (" + metadata.error().message() + "); ";
  std::string license = remote.license_name;
  if (auto recorded = recorded_license(ctx.layout, ref.owner, ref.slug)) {
    license = *recorded;
    warning += "keeping the licence recorded before, '" + license + "'";
  } else {
    warning += "no licence was recorded before: using GetDataset's licence name '" + license + "' until it can be read";
  }
  ctx.log.warn(warning, {{"ref", ref.ref()}});
  warnings.push_back(std::move(warning));
  return license;
}

// Return what the day's manifest lists as downloaded for `ref` (its version and file selection).
DayHolding day_holding(const layout::Day& day, const report::DownloadManifest* manifest, const std::string& ref) {
  DayHolding holding{day.str(), std::nullopt, {}};
  const report::ManifestDataset* entry = manifest != nullptr ? manifest->find(ref) : nullptr;
  if (entry != nullptr && entry->status == "downloaded") {
    holding.version = entry->version;
    holding.selection = entry->selection;
  }
  return holding;
}

// Resolve one reference into a plan (network reads only); `today` is the day's manifest, if any.
util::Result<DatasetPlan> resolve(DownloaderContext& ctx, const kaggle::DatasetRef& ref, const DownloadRequest& request,
                                  const DownloadState& state, const report::DownloadManifest* today) {
  auto remote = ctx.client.get_dataset(ref.owner, ref.slug);
  if (!remote) return remote.error();
  std::vector<std::string> warnings;
  const std::string license = choose_license(ctx, ref, *remote, warnings);
  const std::optional<std::int64_t> version = ref.version ? ref.version : std::optional<std::int64_t>(remote->current_version_number);
  auto files = ctx.client.list_dataset_files(ref.owner, ref.slug, version);
  if (!files) return files.error();
  const auto configured = request.globs_by_ref.find(ref.ref());
  const std::vector<std::string>& globs =
      configured != request.globs_by_ref.end() && !configured->second.empty() ? configured->second : request.globs;
  if (!globs.empty()) {
    bool any = false;
    for (const auto& file : *files) any = any || matches_any(file.name, globs);
    if (!any) {
      return util::make_error(ErrorKind::not_found, "no file of " + ref.to_string() + " matches --files", "",
                              "list the files with --dry-run and --log-level debug, or fix the glob");
    }
  }
  const auto day_exists = [&](const std::string& day) {
    auto parsed = layout::Day::parse(day);
    std::error_code ec;
    return parsed && fs::is_directory(ctx.layout.raw_dataset(*parsed, ref.owner, ref.slug), ec);
  };
  DatasetPlan plan = plan_dataset(ref, *remote, license, *files, globs, state, day_exists,
                                  day_holding(ctx.day, today, ref.ref()), request.force);
  plan.warnings = std::move(warnings);
  return plan;
}

bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// Fetch one object (with one retry on a corrupt transfer) into `dest`.
util::Result<FetchedObject> fetch_with_md5_retry(DownloaderContext& ctx, const DownloadRequest& request, FetchObject object) {
  const net::RetryPolicy retry(request.retry);
  auto fetched = fetch_object(ctx.http, object, retry, ctx.progress, ctx.log);
  if (!fetched && fetched.error().kind == ErrorKind::integrity) {
    ctx.log.warn("corrupt transfer, fetching once more", {{"ref", object.transfer.identity.ref}, {"error", fetched.error().message()}});
    std::error_code ec;
    fs::remove_all(object.destination, ec);
    fetched = fetch_object(ctx.http, object, retry, ctx.progress, ctx.log);
  }
  return fetched;
}

// Fetch everything `plan` asks for into `dest` (a staging folder).
util::Result<std::vector<FetchedObject>> fetch_dataset(DownloaderContext& ctx, const DownloadRequest& request,
                                                       const DatasetPlan& plan, const fs::path& dest) {
  std::vector<std::optional<std::string>> names;
  if (plan.whole) names.emplace_back(std::nullopt);
  for (const auto& file : plan.files) names.emplace_back(file.name);
  std::vector<FetchedObject> objects;
  for (const auto& name : names) {
    util::throw_if_stop_requested();
    // A file name that would leave the dataset folder is refused before any request for it.
    std::optional<std::string> relative_name;
    if (name) {
      auto safe = safe_file_name(*name);
      if (!safe) return safe.error();
      relative_name = std::move(*safe);
    }
    auto target = ctx.client.resolve_download(plan.ref.owner, plan.ref.slug, plan.version, name);
    if (!target) return target.error();
    FetchObject object;
    object.transfer.url = target->url;
    object.transfer.identity = {plan.ref.ref(), plan.version, target->object_name, std::nullopt, {}, name.value_or("")};
    object.transfer.partial_dir = ctx.layout.staging() / "partial";
    // Signed URLs expire (about an hour): a refused one is replaced by a new one for the same object.
    object.transfer.renew_url = [&ctx, &plan, name, object_name = target->object_name]() -> util::Result<std::string> {
      auto fresh = ctx.client.resolve_download(plan.ref.owner, plan.ref.slug, plan.version, name);
      if (!fresh) return fresh.error();
      if (fresh->object_name != object_name) {
        return util::make_error(ErrorKind::temporary, "the storage object of " + plan.ref.ref() + " changed name",
                                object_name + " became " + fresh->object_name, "re-run to fetch it afresh");
      }
      return fresh->url;
    };
    object.max_total_bytes = request.max_total_bytes;
    object.max_ratio = request.max_ratio;
    object.max_entry_bytes = request.max_entry_bytes;
    object.destination = dest;
    const bool zipped = ends_with(target->object_name, ".zip");
    if (name) {
      const fs::path relative(*relative_name);
      const std::string parent = relative.parent_path().string();
      object.destination = parent.empty() ? dest : dest / parent;
      object.path_prefix = parent.empty() ? "" : parent + "/";
      // A single file may come back as <name>.zip: unzip it; the file itself may be a zip too.
      object.unpack = zipped && !ends_with(*name, ".zip") ? Unpack::extract : Unpack::store;
      object.store_name = relative.filename().string();
    } else {
      object.unpack = zipped ? Unpack::extract : Unpack::store;
      object.store_name = target->object_name;
    }
    auto fetched = fetch_with_md5_retry(ctx, request, object);
    if (!fetched) return fetched.error();
    objects.push_back(std::move(*fetched));
  }
  return objects;
}

util::Status check_space(DownloaderContext& ctx, const DatasetPlan& plan) {
  // The archive (at most about the uncompressed size) and the extracted files, plus a margin.
  const std::uint64_t needed = plan.expected_bytes * 2 + (64ULL << 20U);
  auto free = util::free_bytes(ctx.layout.root());
  if (!free) return free.error();
  if (*free < needed) {
    return util::make_error(ErrorKind::no_space, "not enough free space for " + plan.ref.to_string() + " on " + ctx.layout.root().string(),
                            "needs about " + util::human_bytes(needed) + ", " + util::human_bytes(*free) + " free",
                            "free space, grow the volume or run `fetch-kaggle archive` to prune old days");
  }
  return util::Ok{};
}

report::ManifestDataset manifest_entry(DownloaderContext& ctx, const DatasetPlan& plan, const std::string& status) {
  report::ManifestDataset entry;
  entry.ref = plan.ref.ref();
  entry.version = plan.version;
  entry.status = status;
  entry.title = plan.remote.title;
  entry.license = plan.license;
  entry.source_url = "https://www.kaggle.com/datasets/" + plan.ref.ref() + "/versions/" + std::to_string(plan.version);
  entry.fetched_at = util::format_iso8601(ctx.clock(), true);
  return entry;
}

util::Status merge_into_manifest(DownloaderContext& ctx, report::ManifestDataset entry,
                                 const std::optional<fs::path>& write_to = std::nullopt) {
  const fs::path path = ctx.layout.download_manifest(ctx.day);
  return report::merge_manifest_file(path, write_to.value_or(path), std::move(entry), ctx.day.str(),
                                     util::format_iso8601(ctx.clock(), true), util::k_version);
}

// Remember `fetched` as the dataset's copy, unless this was a backfill (--date) of the same version
// and selection while a later day still holds it: the state keeps pointing at the newest copy, so
// a later run on that day does not take the backfilled day for its copy.
void record_fetch(DownloaderContext& ctx, DownloadState& state, const DatasetPlan& plan, DatasetState fetched) {
  auto known = state.datasets.find(plan.ref.ref());
  if (known != state.datasets.end() && known->second.version == fetched.version && known->second.files == fetched.files &&
      known->second.day > fetched.day) {
    auto newer = layout::Day::parse(known->second.day);
    std::error_code ec;
    if (newer && fs::is_directory(ctx.layout.raw_dataset(*newer, plan.ref.owner, plan.ref.slug), ec)) return;
  }
  state.datasets[plan.ref.ref()] = std::move(fetched);
}

// Record a dataset that could not be planned (API stage: not found, forbidden, unreachable) in the
// day's manifest, with its error kind; an interruption is no failure of the day.
util::Status record_plan_failure(DownloaderContext& ctx, const kaggle::DatasetRef& ref, const util::Error& error) {
  if (error.kind == ErrorKind::interrupted) return util::Ok{};
  report::ManifestDataset entry;
  entry.ref = ref.ref();
  entry.version = ref.version.value_or(0);
  entry.status = "failed";
  entry.reason = error.message();
  entry.error_kind = util::kind_name(error.kind);
  entry.source_url = "https://www.kaggle.com/datasets/" + ref.ref();
  entry.fetched_at = util::format_iso8601(ctx.clock(), true);
  return merge_into_manifest(ctx, std::move(entry));
}

DatasetOutcome fetch_and_publish(DownloaderContext& ctx, const DownloadRequest& request, const DatasetPlan& plan,
                                 DownloadState& state) {
  const auto started = std::chrono::steady_clock::now();
  DatasetOutcome outcome{plan.ref.ref(), plan.version, "failed", plan.reason, std::nullopt, 0, 0, 0, 0, 0, 0};
  const fs::path dest = ctx.staging / plan.ref.owner / plan.ref.slug;
  std::error_code ec;
  fs::remove_all(dest, ec);

  const auto fail = [&](util::Error error) {
    fs::remove_all(dest, ec);
    // An interrupted transfer is no failure of the day: raw/ stays as it was and the next run resumes.
    if (error.kind != ErrorKind::interrupted) {
      report::ManifestDataset entry = manifest_entry(ctx, plan, "failed");
      entry.reason = error.message();
      entry.error_kind = util::kind_name(error.kind);
      if (auto status = merge_into_manifest(ctx, entry); !status) ctx.log.error("cannot record the failure in the manifest", {{"error", status.error().message()}});
    }
    outcome.error = std::move(error);
    outcome.reason = outcome.error->message();
    return outcome;
  };

  if (auto space = check_space(ctx, plan); !space) return fail(space.error());
  ctx.log.info("fetching", {{"ref", plan.ref.ref()}, {"version", std::to_string(plan.version)}, {"reason", plan.reason}});
  util::Result<std::vector<FetchedObject>> objects = util::make_error(ErrorKind::internal, "not fetched", "");
  try {
    objects = fetch_dataset(ctx, request, plan, dest);
  } catch (const util::Failure&) {
    fs::remove_all(dest, ec); // the partial download stays for the next run
    throw;
  }
  if (!objects) return fail(objects.error());

  report::ManifestDataset entry = manifest_entry(ctx, plan, "downloaded");
  entry.selection = plan.globs;
  for (FetchedObject& object : *objects) {
    entry.archive_bytes += object.transfer.bytes;
    entry.archive_md5 = object.transfer.md5_hex;
    outcome.resumed_bytes += object.transfer.resumed_from;
    for (const std::string& warning : object.warnings) ctx.log.warn(warning, {{"ref", plan.ref.ref()}});
    for (report::ManifestFile& file : object.files) entry.files.push_back(std::move(file));
  }
  if (objects->size() > 1) entry.archive_md5.clear(); // several objects: no single archive md5

  // Publish the dataset folder and the manifest that describes it in one step (a new version of
  // the day), then the state.
  util::throw_if_stop_requested();
  const fs::path relative = fs::path(plan.ref.owner) / plan.ref.slug;
  const fs::path work = ctx.staging / ".day"; // no owner name starts with a dot
  for (const report::ManifestFile& file : entry.files) {
    outcome.bytes += file.bytes;
    outcome.records += file.records.value_or(0);
  }
  outcome.files = entry.files.size();
  outcome.archive_bytes = entry.archive_bytes;
  const std::string fetched_at = entry.fetched_at;
  const std::string md5 = entry.archive_md5;
  const auto write_entry = [&](const fs::path& new_day) {
    return merge_into_manifest(ctx, std::move(entry), new_day / "download_manifest.json");
  };
  if (auto status = layout::publish_into_day(ctx.layout.raw_day(ctx.day), work, relative, dest, write_entry); !status) {
    return fail(status.error());
  }
  // The selection is part of what was fetched: a --files run must not make the whole version look unchanged.
  record_fetch(ctx, state, plan, {plan.version, fetched_at, ctx.day.str(), md5, outcome.archive_bytes, plan.globs});
  if (auto status = write_state(ctx.layout, state); !status) return fail(status.error());
  if (auto status = write_dataset_metadata(ctx.layout, plan.remote, plan.license, plan.version, ctx.day.str(), fetched_at); !status) {
    ctx.log.warn("cannot write the dataset metadata", {{"error", status.error().message()}});
  }
  for (const auto& name : util::list_names(ctx.layout.staging() / "partial")) {
    // Partials of this dataset version are complete now.
    const std::string prefix = plan.ref.owner + "_" + plan.ref.slug + "@v" + std::to_string(plan.version) + "@";
    if (name.rfind(prefix, 0) == 0) fs::remove(ctx.layout.staging() / "partial" / name, ec);
  }
  outcome.status = "downloaded";
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ctx.log.info("downloaded", {{"ref", plan.ref.ref()}, {"version", std::to_string(plan.version)},
                              {"files", std::to_string(outcome.files)}, {"bytes", std::to_string(outcome.bytes)},
                              {"seconds", std::to_string(outcome.seconds)}});
  return outcome;
}

// Give a day whose raw folder was pruned after it was archived its archive back before anything is
// written into it (a backfill with --date), so that raw/D holds at least what archive/D holds and
// the day's next archive loses nothing.
util::Status restore_archived_day(DownloaderContext& ctx) {
  std::error_code ec;
  if (fs::exists(ctx.layout.raw_day(ctx.day), ec)) return util::Ok{};
  const retention::ArchiveFiles existing = retention::find_archive(ctx.layout, ctx.day);
  if (!existing.archive || !existing.checksum) return util::Ok{};
  ctx.log.info("restoring the day from its archive before writing into it",
               {{"day", ctx.day.str()}, {"archive", existing.archive->string()}});
  auto restored = retention::restore_day(ctx.layout, ctx.day, std::nullopt, ctx.staging.filename().string());
  if (!restored) {
    util::Error error = restored.error();
    error.what = "cannot write into day " + ctx.day.str() + ": its archive must be restored first, and " + error.what;
    return error;
  }
  return util::Ok{};
}

} // namespace

std::vector<PlannedDataset> plan_downloads(DownloaderContext& ctx, const DownloadRequest& request,
                                           const DownloadState& state) {
  std::vector<kaggle::DatasetRef> refs = request.refs;
  std::vector<PlannedDataset> planned;
  if (request.search) {
    auto found = ctx.client.list_datasets(*request.search, request.user, request.max_results);
    if (!found) {
      planned.push_back({kaggle::DatasetRef{"search", *request.search, std::nullopt}, std::nullopt, found.error(), true});
    } else {
      for (const kaggle::Dataset& dataset : *found) {
        if (auto ref = kaggle::parse_dataset_ref(dataset.ref)) refs.push_back(*ref);
      }
    }
  }
  std::optional<report::DownloadManifest> today;
  if (auto manifest = report::read_manifest(ctx.layout.download_manifest(ctx.day))) today = std::move(*manifest);
  for (const kaggle::DatasetRef& ref : refs) {
    util::throw_if_stop_requested();
    auto plan = resolve(ctx, ref, request, state, today ? &*today : nullptr);
    if (plan) planned.push_back({ref, std::move(*plan), std::nullopt, false});
    else planned.push_back({ref, std::nullopt, plan.error(), false});
  }
  return planned;
}

std::vector<DatasetOutcome> execute_downloads(DownloaderContext& ctx, const DownloadRequest& request,
                                              const std::vector<PlannedDataset>& planned, DownloadState& state) {
  std::vector<DatasetOutcome> outcomes;
  if (!planned.empty()) {
    if (auto status = restore_archived_day(ctx); !status) {
      if (status.error().kind == ErrorKind::interrupted) throw util::Failure(status.error());
      for (const PlannedDataset& item : planned) {
        const std::string ref = item.plan ? item.plan->ref.ref() : item.ref.ref();
        const std::int64_t version = item.plan ? item.plan->version : item.ref.version.value_or(0);
        outcomes.push_back({ref, version, "failed", status.error().message(), status.error(), 0, 0, 0, 0, 0, 0});
      }
      return outcomes;
    }
  }
  for (const PlannedDataset& item : planned) {
    util::throw_if_stop_requested();
    if (!item.plan) {
      DatasetOutcome failed{item.ref.ref(), item.ref.version.value_or(0), "failed", item.error->message(), item.error, 0, 0, 0, 0, 0, 0};
      if (item.error->kind == ErrorKind::interrupted) throw util::Failure(*item.error);
      if (!item.search) {
        if (auto status = record_plan_failure(ctx, item.ref, *item.error); !status) {
          ctx.log.error("cannot record the failure in the manifest", {{"error", status.error().message()}});
        }
      }
      outcomes.push_back(std::move(failed));
      continue;
    }
    const DatasetPlan& plan = *item.plan;
    if (plan.action == Action::skip_unchanged) {
      DatasetOutcome skipped{plan.ref.ref(), plan.version, "unchanged", plan.reason, std::nullopt, 0, 0, 0, 0, 0, 0};
      // Today's manifest already describes a version fetched today; other days are pointed at.
      if (plan.unchanged_day != ctx.day.str()) {
        report::ManifestDataset entry = manifest_entry(ctx, plan, "unchanged");
        entry.unchanged_day = plan.unchanged_day;
        entry.reason = plan.reason;
        if (auto status = merge_into_manifest(ctx, std::move(entry)); !status) {
          skipped.status = "failed";
          skipped.error = status.error();
        }
      }
      // A state left pointing at an older copy (a backfill by an older version) follows today's.
      auto known = state.datasets.find(plan.ref.ref());
      if (plan.unchanged_day == ctx.day.str() && known != state.datasets.end() && known->second.version == plan.version &&
          known->second.files == plan.globs && known->second.day < ctx.day.str()) {
        known->second.day = ctx.day.str();
        if (auto status = write_state(ctx.layout, state); !status) ctx.log.warn("cannot update the download state", {{"error", status.error().message()}});
      }
      ctx.log.info("unchanged", {{"ref", plan.ref.ref()}, {"version", std::to_string(plan.version)}, {"day", plan.unchanged_day}});
      outcomes.push_back(std::move(skipped));
      continue;
    }
    DatasetOutcome outcome = fetch_and_publish(ctx, request, plan, state);
    // A stop signal ends the run (exit 130/143), not a dataset: what is published stays, the next run resumes.
    if (outcome.error && outcome.error->kind == ErrorKind::interrupted) throw util::Failure(*outcome.error);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

} // namespace fk::download
