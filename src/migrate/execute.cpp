#include "migrate/execute.hpp"

#include "download/state.hpp"
#include "layout/publish.hpp"
#include "migrate/transfer.hpp"
#include "report/download_manifest.hpp"
#include "util/atomic_file.hpp"
#include "util/fault_points.hpp"
#include "util/fs.hpp"
#include "util/signals.hpp"

#include <algorithm>

namespace fk::migrate {

namespace fs = std::filesystem;

std::size_t MigrationOutcome::count(std::string_view status) const {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [&](const ItemOutcome& item) { return item.status == status; }));
}

namespace {

// Migrate the items [first, last) of one day's dataset, all planned copy or move.
void migrate_dataset(std::vector<ItemOutcome>& items, std::size_t first, std::size_t last, const layout::Layout& layout,
                     const ExecuteOptions& options) {
  const PlanItem& head = items[first].item;
  const auto fail_all = [&](const util::Error& error) {
    for (std::size_t i = first; i < last; ++i) {
      items[i].status = "failed";
      items[i].detail = error.message();
      items[i].out_of_space = error.kind == util::ErrorKind::no_space;
    }
  };
  std::string slash_free = head.ref;
  std::replace(slash_free.begin(), slash_free.end(), '/', '_');
  auto staging = layout::make_staging_dir(layout, "migrate", options.run_id + "-" + head.day + "-" + slash_free);
  if (!staging) return fail_all(staging.error());
  report::ManifestDataset entry;
  entry.ref = head.ref;
  entry.version = std::max<std::int64_t>(head.version, 0);
  entry.status = "downloaded";
  entry.title = head.title;
  entry.source_url = head.url;
  entry.reason = "migrated from " + options.layout_name + " " + options.from;
  entry.fetched_at = options.now;
  // Every file of the group goes below one dataset folder: raw/<day>/<owner>/<slug>.
  const fs::path folder = layout.area("raw") / head.day / head.ref;
  for (std::size_t i = first; i < last; ++i) {
    ItemOutcome& item = items[i];
    const std::string relative = item.item.target.lexically_relative(folder).generic_string();
    const fs::path staged = *staging / "files" / relative;
    util::Status made = util::create_directories(staged.parent_path());
    auto digest = made ? util::copy_file_sha256(item.item.source, staged) : util::Result<std::string>(made.error());
    if (!digest) {
      fs::remove_all(*staging);
      return fail_all(digest.error());
    }
    item.sha256 = *digest;
    item.status = "copied";
    if (!item.item.expected_sha256.empty() && item.item.expected_sha256 != *digest) {
      item.status = "sha256_mismatch";
      item.detail = "the old manifest says " + item.item.expected_sha256 + ", the bytes hash to " + *digest;
    }
    entry.files.push_back({relative, item.item.bytes, *digest, item.item.rows});
  }
  // The dataset folder and its manifest entry appear together: a new version of the whole day.
  const fs::path day_dir = layout.area("raw") / head.day;
  const auto write_entry = [&](const fs::path& new_day) {
    return report::merge_manifest_file(day_dir / "download_manifest.json", new_day / "download_manifest.json",
                                       std::move(entry), head.day, options.now, options.tool_version);
  };
  const util::Status published = layout::publish_into_day(day_dir, *staging, head.ref, *staging / "files", write_entry);
  std::error_code ec;
  fs::remove_all(*staging, ec);
  if (!published) return fail_all(published.error());
  if (head.action != Action::move) return;
  for (std::size_t i = first; i < last; ++i)
    finish_move(items[i]);
}

// Copy (or move) one flat file: a report, a profile or a dataset's metadata.
void migrate_flat(ItemOutcome& item) {
  if (item.item.already_there) return finish_earlier_copy(item);
  const util::Status made = util::create_directories(item.item.target.parent_path());
  auto digest =
      made ? util::copy_file_sha256(item.item.source, item.item.target) : util::Result<std::string>(made.error());
  item.status = digest ? "copied" : "failed";
  if (!digest) {
    item.detail = digest.error().message();
    item.out_of_space = digest.error().kind == util::ErrorKind::no_space;
    return;
  }
  item.sha256 = *digest;
  if (item.item.action == Action::move) finish_move(item);
}

// Record the planned download-state entries whose data is now in the data root, in one write.
void record_states(std::vector<ItemOutcome>& items, const layout::Layout& layout, const ExecuteOptions& options) {
  std::vector<ItemOutcome*> pending;
  for (ItemOutcome& item : items) {
    if (item.item.kind != "state" || item.item.action != Action::copy) continue;
    const bool landed = std::any_of(items.begin(), items.end(), [&](const ItemOutcome& other) {
      return other.item.kind == "raw" && other.item.ref == item.item.ref &&
             (other.status == "copied" || other.status == "moved" || other.status == "sha256_mismatch");
    });
    if (landed)
      pending.push_back(&item);
    else {
      item.status = "skipped";
      item.detail = "its data was not migrated by this run";
    }
  }
  if (pending.empty()) return;
  std::string warning;
  auto state = download::read_state(layout, warning);
  if (state) {
    for (ItemOutcome* item : pending) {
      state->datasets[item->item.ref] = {item->item.version, options.now, item->item.day, {}, 0, {}};
    }
  }
  const util::Status written = state ? download::write_state(layout, *state) : util::Status(state.error());
  for (ItemOutcome* item : pending) {
    item->status = written ? "recorded" : "failed";
    item->detail = written
                       ? "download state: version " + std::to_string(item->item.version) + " in raw/" + item->item.day
                       : written.error().message();
  }
}

} // namespace

MigrationOutcome execute_plan(const MigrationPlan& plan, const layout::Layout& layout, const ExecuteOptions& options,
                              const std::function<void(const ItemOutcome&)>& on_item) {
  MigrationOutcome outcome;
  for (const PlanItem& item : plan.items)
    outcome.items.push_back({item, item.expected_sha256, "pending", {}});
  std::vector<ItemOutcome>& items = outcome.items;
  for (std::size_t i = 0; i < items.size() && !util::stop_requested();) {
    util::fault_point("migrate: next item");
    const PlanItem& item = items[i].item;
    std::size_t next = i + 1;
    if (item.kind == "state" && (item.action == Action::copy)) {
      i = next; // recorded once every dataset is in place
      continue;
    }
    if (item.action == Action::skip || item.action == Action::clash) {
      items[i].status = item.action == Action::clash ? "clash" : (item.blocked ? "blocked" : "skipped");
      items[i].detail = item.reason;
    } else if (item.kind == "raw") {
      while (next < items.size() && items[next].item.kind == "raw" && items[next].item.day == item.day &&
             items[next].item.ref == item.ref) {
        ++next;
      }
      if (item.already_there) {
        for (std::size_t k = i; k < next; ++k)
          finish_earlier_copy(items[k]);
      } else {
        migrate_dataset(items, i, next, layout, options);
      }
    } else {
      migrate_flat(items[i]);
    }
    // Write ahead: the journal says "moved" before any source of the group goes, so that a kill
    // between the removals and the next checkpoint cannot drop an item from the report.
    const bool removals =
        std::any_of(items.begin() + static_cast<std::ptrdiff_t>(i), items.begin() + static_cast<std::ptrdiff_t>(next),
                    [](const ItemOutcome& done) { return done.remove_source; });
    if (removals && options.checkpoint) options.checkpoint(outcome);
    for (std::size_t k = i; k < next; ++k)
      remove_moved_source(items[k], fs::path(options.from));
    for (std::size_t k = i; k < next; ++k)
      on_item(items[k]);
    if (options.checkpoint) options.checkpoint(outcome);
    i = next;
  }
  if (util::stop_requested()) return outcome;
  record_states(items, layout, options);
  for (ItemOutcome& item : items) {
    if (item.item.kind == "state" && item.item.action == Action::copy) on_item(item);
  }
  return outcome;
}

} // namespace fk::migrate
