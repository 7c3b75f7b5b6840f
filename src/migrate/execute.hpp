#pragma once

#include "layout/data_root.hpp"
#include "migrate/plan.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fk::migrate {

// What happened to one planned item.
struct ItemOutcome {
  PlanItem item;
  std::string sha256; // digest of the bytes written (or of the source, for skipped reports)
  std::string status; // copied | moved | sha256_mismatch | recorded | skipped | clash | blocked | failed | pending
  std::string detail; // the mismatch or the error, when there is one
  bool out_of_space = false;  // failed because the volume is full (the command then exits 10)
  bool remove_source = false; // status "moved" written ahead: the source is still to be removed
};

// Every item's outcome, in plan order.
struct MigrationOutcome {
  std::vector<ItemOutcome> items;

  // Return how many items ended with `status`.
  [[nodiscard]] std::size_t count(std::string_view status) const;
};

// Settings of one execution.
struct ExecuteOptions {
  std::string run_id; // names the staging folders
  std::string now;    // ISO 8601 UTC, for the manifests
  std::string tool_version;
  std::string from;                                        // the old tree, recorded in each manifest entry's reason
  std::string layout_name;                                 // fetch-kaggle-job | ingestion-engine
  std::function<void(const MigrationOutcome&)> checkpoint; // called after each finished group (the journal)
};

// Carry out `plan`: each day's dataset is staged, hashed while copied, given a manifest entry and
// published in one rename; flat files are written atomically; with action move a source is removed
// only after its published copy hashed to the same digest; download-state entries are recorded
// last. Stops between groups when a signal asked to stop (the rest stays `pending`).
MigrationOutcome execute_plan(const MigrationPlan& plan, const layout::Layout& layout, const ExecuteOptions& options,
                              const std::function<void(const ItemOutcome&)>& on_item);

} // namespace fk::migrate
