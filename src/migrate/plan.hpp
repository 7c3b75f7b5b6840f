#pragma once

#include "layout/data_root.hpp"
#include "migrate/scan.hpp"

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace fk::migrate {

// What migrate does with one item.
enum class Action { copy, move, skip, clash };

// Return "copy", "move", "skip" or "clash".
std::string_view action_name(Action action);

// One file (or empty day, or download-state entry) of the old tree and where it goes.
struct PlanItem {
  std::string kind; // raw | report | profile | metadata | state | day (an empty or unusable day folder)
  std::string day;  // raw and day items: YYYYMMDD
  std::string ref;  // raw items: owner/slug
  std::filesystem::path source;
  std::filesystem::path target; // empty when there is nowhere to put it
  std::uint64_t bytes = 0;
  std::string expected_sha256; // from the old manifest (raw) or the source's digest (report, profile)
  std::optional<std::uint64_t> rows;
  std::string title; // raw items: the old manifest's dataset.name
  std::string url;   // raw items: the old manifest's dataset.url
  Action action = Action::skip;
  std::string reason;         // why skip or clash
  bool blocked = false;       // skipped because of a problem the operator must fix
  bool already_there = false; // --move: an earlier run copied it; verify, then remove the source
  std::int64_t version = -1;  // raw and state items: the Kaggle version, when the old tree knows it
};

// Every item of one migration, in a stable order (days, then reports, then profiles).
struct MigrationPlan {
  std::vector<PlanItem> items;
};

// Options that shape the plan.
struct PlanOptions {
  std::string dataset; // --dataset owner/slug: overrides every day's kaggle_id
  bool move = false;   // --move instead of --copy
};

// Return true when `ref` is a usable owner/slug.
bool is_dataset_ref(const std::string& ref);

// Plan the migration of `tree` (either legacy layout) into `layout` given what the target holds;
// pure, writes nothing.
MigrationPlan plan_migration(const SourceTree& tree, const TargetState& target, const layout::Layout& layout,
                             const PlanOptions& options);

// Print the plan, one line per item, for --dry-run.
void print_plan(std::ostream& out, const MigrationPlan& plan);

} // namespace fk::migrate
