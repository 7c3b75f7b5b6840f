#include "migrate/plan.hpp"

#include "util/utf8.hpp"

namespace fk::migrate {

std::string_view action_name(Action action) {
  switch (action) {
  case Action::copy:
    return "copy";
  case Action::move:
    return "move";
  case Action::clash:
    return "clash";
  case Action::skip:
    break;
  }
  return "skip";
}

bool is_dataset_ref(const std::string& ref) {
  const auto slash = ref.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == ref.size()) return false;
  if (ref.find('/', slash + 1) != std::string::npos) return false;
  const std::string owner = ref.substr(0, slash);
  const std::string slug = ref.substr(slash + 1);
  return owner != "." && owner != ".." && slug != "." && slug != ".." && ref.find('\0') == std::string::npos;
}

namespace {

// Return true when `listed` (name -> bytes) holds exactly the day's files (with `subset`: at least
// them) with the same sizes.
bool same_files(const SourceDay& day, const std::map<std::string, std::uint64_t>& listed, bool subset = false) {
  if (!subset && listed.size() != day.files.size()) return false;
  for (const SourceFile& f : day.files) {
    const auto found = listed.find(f.name);
    if (found == listed.end() || found->second != f.bytes) return false;
  }
  return true;
}

// Return an item of `kind` from `source` to `target` with `action`.
PlanItem make_item(std::string kind, const std::filesystem::path& source, const std::filesystem::path& target,
                   std::uint64_t bytes, std::string expected, Action action) {
  PlanItem item;
  item.kind = std::move(kind);
  item.source = source;
  item.target = target;
  item.bytes = bytes;
  item.expected_sha256 = std::move(expected);
  item.action = action;
  return item;
}

// Return the version the old tree's tracking state records for `ref` (-1: none).
std::int64_t tracked_version(const SourceTree& tree, const std::string& ref) {
  for (const TrackedDataset& t : tree.tracked) {
    if (t.ref == ref) return t.version;
  }
  return -1;
}

// Add the items of one day's dataset folder: all its files share one decision.
void plan_day(const SourceTree& tree, const SourceDay& day, const TargetState& target, const layout::Layout& layout,
              const PlanOptions& options, MigrationPlan& plan) {
  const std::string ref = options.dataset.empty() ? day.kaggle_id : options.dataset;
  const std::filesystem::path folder = layout.area("raw") / day.day / ref;
  PlanItem whole = make_item("day", day.folder, {}, 0, {}, Action::skip);
  whole.day = day.day;
  whole.ref = ref;
  if (day.files.empty()) {
    whole.reason =
        tree.layout_name == "ingestion-engine" ? "no file in this dataset folder" : "no CSV file in this day";
    plan.items.push_back(std::move(whole));
    return;
  }
  if (!is_dataset_ref(ref)) {
    whole.reason =
        ref.empty() ? "the old manifest names no dataset (" +
                          (day.manifest_problem.empty() ? std::string("no dataset.kaggle_id") : day.manifest_problem) +
                          "); pass --dataset owner/slug"
                    : "'" + ref + "' is not owner/slug; pass --dataset owner/slug";
    whole.blocked = true;
    plan.items.push_back(std::move(whole));
    return;
  }
  Action action = options.move ? Action::move : Action::copy;
  std::string reason;
  bool already_there = false;
  const auto existing = target.datasets.find(day.day + "/" + ref);
  // A --move killed between removing two sources leaves some of them: what is left is still "already copied".
  if (existing != target.datasets.end() && existing->second.in_manifest &&
      same_files(day, existing->second.files, options.move)) {
    action = options.move ? Action::move : Action::skip;
    already_there = options.move;
    reason = options.move ? "already copied; the source is removed once both digests agree" : "already migrated";
  } else if (existing != target.datasets.end() && existing->second.folder_exists && !existing->second.in_manifest &&
             same_files(day, existing->second.folder_files)) {
    reason = "resuming: the folder was published by a killed migration, its manifest entry is missing";
  } else if (existing != target.datasets.end() && (existing->second.folder_exists || existing->second.in_manifest)) {
    action = Action::clash;
    reason = "raw/" + day.day + "/" + ref + " already exists with other content; left as it is";
  }
  for (const SourceFile& f : day.files) {
    PlanItem item = make_item("raw", f.path, folder / f.name, f.bytes, f.old_sha256, action);
    item.day = day.day;
    item.ref = ref;
    item.rows = f.rows;
    item.title = day.title;
    item.url = day.url;
    item.reason = reason;
    item.already_there = already_there;
    item.version = tracked_version(tree, day.kaggle_id);
    plan.items.push_back(std::move(item));
  }
}

// Add the items of flat files (reports, profiles, metadata): copy or move, skip (same bytes there) or clash.
void plan_flat(const std::vector<SourceFile>& files, const std::map<std::string, std::string>& existing,
               const std::string& kind, const std::filesystem::path& dir, const PlanOptions& options,
               MigrationPlan& plan) {
  for (const SourceFile& f : files) {
    PlanItem item =
        make_item(kind, f.path, dir / f.name, f.bytes, f.old_sha256, options.move ? Action::move : Action::copy);
    const auto found = existing.find(f.name);
    if (found != existing.end() && found->second == f.old_sha256) {
      item.action = options.move ? Action::move : Action::skip;
      item.already_there = options.move;
      item.reason = options.move ? "already copied; the source is removed once both digests agree" : "already migrated";
    } else if (found != existing.end()) {
      item.action = Action::clash;
      item.reason = "a different file already has this name";
    }
    plan.items.push_back(std::move(item));
  }
}

// Add one state item per tracked dataset whose data is migrated, so that download skips it.
void plan_state(const SourceTree& tree, const TargetState& target, const layout::Layout& layout, MigrationPlan& plan) {
  for (const TrackedDataset& t : tree.tracked) {
    const PlanItem* data = nullptr;
    for (const PlanItem& item : plan.items) {
      if (item.kind == "raw" && item.ref == t.ref && item.action != Action::clash) data = &item;
    }
    PlanItem item =
        make_item("state", tree.tracking_file, layout.area("metadata") / "download_state.json", 0, {}, Action::copy);
    item.ref = t.ref;
    item.version = t.version;
    item.day = data != nullptr ? data->day : std::string{};
    const auto known = target.state_versions.find(t.ref);
    if (data == nullptr) {
      item.action = Action::skip;
      item.reason = "no migrated data for it";
    } else if (t.version < 0) {
      item.action = Action::skip;
      item.reason = "the tracking state holds no version; the next download fetches it once";
    } else if (known != target.state_versions.end() && known->second >= t.version) {
      item.action = Action::skip;
      item.reason = "the download state already knows version " + std::to_string(known->second);
    }
    plan.items.push_back(std::move(item));
  }
}

} // namespace

MigrationPlan plan_migration(const SourceTree& tree, const TargetState& target, const layout::Layout& layout,
                             const PlanOptions& options) {
  MigrationPlan plan;
  for (const SourceDay& day : tree.days)
    plan_day(tree, day, target, layout, options, plan);
  plan_flat(tree.reports, target.reports, "report", layout.area("reports"), options, plan);
  plan_flat(tree.profiles, target.profiles, "profile", layout.area("metadata"), options, plan);
  plan_flat(tree.dataset_metadata, target.dataset_metadata, "metadata", layout.area("metadata") / "datasets", options,
            plan);
  plan_state(tree, target, layout, plan);
  return plan;
}

void print_plan(std::ostream& out, const MigrationPlan& plan) {
  for (const PlanItem& item : plan.items) {
    out << "  " << action_name(item.action) << "  " << item.kind << "  " << util::to_valid_utf8(item.source.string());
    if (!item.target.empty()) out << "  ->  " << util::to_valid_utf8(item.target.string());
    if (item.kind != "day" && item.kind != "state") out << "  " << item.bytes << " bytes";
    if (item.kind == "state") out << "  " << item.ref << " version " << item.version;
    if (!item.reason.empty()) out << "  (" << item.reason << ")";
    out << "\n";
  }
}

} // namespace fk::migrate
