#pragma once

#include "layout/data_root.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace fk::migrate {

// One file an upgrade step renames to its current name.
struct Rename {
  std::filesystem::path from;
  std::filesystem::path to;
};

// How to bring a data root from layout version `from_version` to `from_version + 1`.
struct UpgradeStep {
  int from_version = 0;
  std::string summary;
  std::function<std::vector<Rename>(const layout::Layout&)> renames; // what to rename (reads, never writes)
};

// The steps of every layout version this fetch-kaggle can upgrade from.
const std::vector<UpgradeStep>& upgrade_steps();

// Everything one upgrade does, computed before anything is written.
struct UpgradePlan {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> summaries;
  std::vector<Rename> renames;
};

// Plan the upgrade of `layout` from its layout file's version to `to_version` with `steps`; a root
// already at `to_version` gives an empty plan; a newer one, or a version no step starts from, is an
// error that says what to do.
util::Result<UpgradePlan> plan_upgrade(const layout::Layout& layout, const std::vector<UpgradeStep>& steps,
                                       int to_version);

// Print the plan, one line per rename, for --dry-run.
void print_upgrade(std::ostream& out, const UpgradePlan& plan);

// Carry out the plan: each rename is atomic (a clash is an error, nothing overwritten), and the
// layout file is rewritten last, so a killed upgrade is finished by running it again.
util::Status execute_upgrade(const layout::Layout& layout, const UpgradePlan& plan, util::TimePoint now);

} // namespace fk::migrate
