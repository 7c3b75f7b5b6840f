#include "migrate/rollback.hpp"

#include "download/state.hpp"
#include "layout/publish.hpp"
#include "migrate/transfer.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <algorithm>

namespace fk::migrate {

namespace fs = std::filesystem;

namespace {

// Return true when the migration wrote this item's target.
bool was_done(const ItemOutcome& item) {
  return item.status == "copied" || item.status == "moved" || item.status == "sha256_mismatch";
}

// Check that the item's target still holds what the migration wrote; mark it kept otherwise.
bool target_unchanged(ItemOutcome& item) {
  auto digest = util::sha256_file(item.item.target);
  if (digest && *digest == item.sha256) return true;
  item.status = "kept";
  item.detail = digest ? "it changed since the migration (sha256 " + *digest + "); left in place"
                       : "it is gone (" + digest.error().message() + ")";
  return false;
}

// Put a moved item's source back from its target, verified; leave a source that still exists alone.
bool restore_source(ItemOutcome& item) {
  std::error_code ec;
  if (item.status != "moved" || fs::exists(item.item.source, ec)) return true;
  const util::Status made = util::create_directories(item.item.source.parent_path());
  auto digest =
      made ? util::copy_file_sha256(item.item.target, item.item.source) : util::Result<std::string>(made.error());
  if (!digest || *digest != item.sha256) {
    item.status = "failed";
    item.detail = digest ? "the restored source hashes to " + *digest : digest.error().message();
    return false;
  }
  item.status = "restored";
  return true;
}

// Undo one day's dataset: restore sources, drop the manifest entry, then the folder in one rename.
void undo_dataset(std::vector<ItemOutcome*>& group, const layout::Layout& layout, const std::string& now,
                  const std::string& run_id) {
  for (ItemOutcome* item : group) {
    if (!target_unchanged(*item)) {
      for (ItemOutcome* other : group) {
        if (other->status != "kept") other->status = "kept", other->detail = "another file of its dataset changed";
      }
      return;
    }
  }
  for (ItemOutcome* item : group) {
    if (!restore_source(*item)) return;
  }
  const std::string& day = group.front()->item.day;
  const std::string& ref = group.front()->item.ref;
  const auto fail_all = [&](const util::Error& error) {
    for (ItemOutcome* item : group)
      item->status = "failed", item->detail = error.message();
  };
  if (auto removed = remove_manifest_entry(layout, day, ref, now); !removed) return fail_all(removed.error());
  const fs::path folder = layout.area("raw") / day / ref;
  std::string slash_free = ref;
  std::replace(slash_free.begin(), slash_free.end(), '/', '_');
  auto aside = layout::make_staging_dir(layout, "rollback", run_id + "-" + day + "-" + slash_free);
  if (!aside) return fail_all(aside.error());
  std::error_code ec;
  fs::rename(folder, *aside / "dataset", ec);
  if (ec && fs::exists(folder)) return fail_all(util::io_error("cannot remove " + folder.string(), ec.value(), folder));
  fs::remove_all(*aside, ec);
  prune_empty_dirs(folder.parent_path(), layout.area("raw"));
  if (fs::is_empty(layout.area("raw") / day, ec)) fs::remove(layout.area("raw") / day, ec);
  for (ItemOutcome* item : group) {
    if (item->status != "restored") item->status = "removed";
  }
}

// Undo one report, profile or metadata file.
void undo_flat(ItemOutcome& item) {
  if (!target_unchanged(item) || !restore_source(item)) return;
  std::error_code ec;
  fs::remove(item.item.target, ec);
  if (ec) {
    item.status = "failed";
    item.detail = "cannot remove " + item.item.target.string() + ": " + ec.message();
  } else if (item.status != "restored") {
    item.status = "removed";
  }
}

// Remove the download-state entries the migration recorded, unless a later download replaced them.
void undo_states(std::vector<ItemOutcome>& items, const layout::Layout& layout) {
  std::string warning;
  auto state = download::read_state(layout, warning);
  bool changed = false;
  for (ItemOutcome& item : items) {
    if (item.item.kind != "state" || item.status != "recorded") continue;
    const auto found = state ? state->datasets.find(item.item.ref) : decltype(state->datasets.end()){};
    if (state && found != state->datasets.end() && found->second.version == item.item.version &&
        found->second.day == item.item.day) {
      state->datasets.erase(found);
      changed = true;
      item.status = "removed";
    } else {
      item.status = "kept";
      item.detail = state ? "a later download changed this entry" : state.error().message();
    }
  }
  if (!changed) return;
  if (auto written = download::write_state(layout, *state); !written) {
    for (ItemOutcome& item : items) {
      if (item.item.kind == "state" && item.status == "removed")
        item.status = "failed", item.detail = written.error().message();
    }
  }
}

} // namespace

MigrationOutcome rollback_migration(const MigrationReport& report, const layout::Layout& layout, const std::string& now,
                                    const std::string& run_id, const std::function<void(const ItemOutcome&)>& on_item) {
  MigrationOutcome outcome = report.outcome;
  undo_states(outcome.items, layout);
  std::vector<ItemOutcome>& items = outcome.items;
  std::vector<bool> handled(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    ItemOutcome& item = items[i];
    if (item.item.kind == "state" || handled[i]) continue;
    if (!was_done(item)) {
      item.status = "untouched";
      continue;
    }
    if (item.item.kind != "raw") {
      undo_flat(item);
      continue;
    }
    std::vector<ItemOutcome*> group;
    for (std::size_t k = i; k < items.size(); ++k) {
      if (!handled[k] && items[k].item.kind == "raw" && items[k].item.day == item.item.day &&
          items[k].item.ref == item.item.ref && was_done(items[k])) {
        group.push_back(&items[k]);
        handled[k] = true;
      }
    }
    undo_dataset(group, layout, now, run_id);
  }
  for (const ItemOutcome& item : items)
    on_item(item);
  return outcome;
}

} // namespace fk::migrate
