#include "migrate/upgrade.hpp"

#include "layout/day.hpp"
#include "layout/layout_version.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <cstdio>

namespace fk::migrate {

namespace fs = std::filesystem;

namespace {

// Layout version 0 (fetch-kaggle before 1.0) named each day's manifest raw/<day>/manifest.json and
// kept the download state in metadata/state.json (with its .bak).
std::vector<Rename> renames_from_0(const layout::Layout& layout) {
  std::vector<Rename> out;
  std::error_code ec;
  for (const std::string& day : util::list_names(layout.area("raw"))) {
    const fs::path old_name = layout.area("raw") / day / "manifest.json";
    if (layout::Day::is_day_name(day) && fs::is_regular_file(old_name, ec))
      out.push_back({old_name, layout.area("raw") / day / "download_manifest.json"});
  }
  for (const char* suffix : {"", ".bak"}) {
    const fs::path old_name = layout.area("metadata") / (std::string("state.json") + suffix);
    if (fs::is_regular_file(old_name, ec))
      out.push_back({old_name, layout.area("metadata") / (std::string("download_state.json") + suffix)});
  }
  return out;
}

} // namespace

const std::vector<UpgradeStep>& upgrade_steps() {
  static const std::vector<UpgradeStep> steps{
      {0,
       "layout 0 -> 1: raw/<day>/manifest.json becomes download_manifest.json, metadata/state.json "
       "becomes download_state.json",
       renames_from_0},
  };
  return steps;
}

util::Result<UpgradePlan> plan_upgrade(const layout::Layout& layout, const std::vector<UpgradeStep>& steps,
                                       int to_version) {
  auto found = layout::read_layout_version(layout);
  if (!found) return found.error();
  if (!found->has_value()) {
    return util::make_error(
        util::ErrorKind::not_found, "no layout file in " + layout.root().string(),
        "migrate --upgrade upgrades a data root written by an older fetch-kaggle",
        "check --data-root; a new root needs `fetch-kaggle init`, an older layout `migrate --from`");
  }
  UpgradePlan plan{**found, to_version, {}, {}};
  if (plan.from_version > to_version) {
    return util::make_error(util::ErrorKind::usage, "data root has layout version " + std::to_string(plan.from_version),
                            "this fetch-kaggle writes version " + std::to_string(to_version), "upgrade fetch-kaggle");
  }
  for (int version = plan.from_version; version < to_version; ++version) {
    const UpgradeStep* step = nullptr;
    for (const UpgradeStep& s : steps) {
      if (s.from_version == version) step = &s;
    }
    if (step == nullptr) {
      return util::make_error(util::ErrorKind::usage, "no upgrade from layout version " + std::to_string(version),
                              "this fetch-kaggle knows no step from that version",
                              "upgrade with the fetch-kaggle release that wrote the next version first");
    }
    plan.summaries.push_back(step->summary);
    for (Rename& r : step->renames(layout))
      plan.renames.push_back(std::move(r));
  }
  return plan;
}

void print_upgrade(std::ostream& out, const UpgradePlan& plan) {
  out << "upgrade layout " << plan.from_version << " -> " << plan.to_version << "\n";
  for (const std::string& summary : plan.summaries)
    out << "  step  " << summary << "\n";
  for (const Rename& r : plan.renames)
    out << "  rename  " << r.from.string() << "  ->  " << r.to.string() << "\n";
}

util::Status execute_upgrade(const layout::Layout& layout, const UpgradePlan& plan, util::TimePoint now) {
  for (const Rename& r : plan.renames) {
    std::error_code ec;
    if (fs::exists(r.to, ec)) {
      return util::make_error(util::ErrorKind::integrity, "cannot upgrade " + r.from.string(),
                              r.to.string() + " exists too", "keep the right one of the two, remove the other, re-run");
    }
    if (::rename(r.from.c_str(), r.to.c_str()) != 0)
      return util::io_error("cannot rename " + r.from.string(), errno, r.from);
    if (auto synced = util::fsync_dir(r.to.parent_path()); !synced) return synced;
  }
  if (plan.from_version == plan.to_version) return util::Ok{};
  return layout::write_layout_file(layout, now, plan.to_version);
}

} // namespace fk::migrate
