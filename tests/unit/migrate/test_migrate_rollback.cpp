#include "layout/layout_version.hpp"
#include "migrate/execute.hpp"
#include "migrate/plan.hpp"
#include "migrate/report.hpp"
#include "migrate/rollback.hpp"
#include "migrate/scan.hpp"
#include "migrate/upgrade.hpp"
#include "report/download_manifest.hpp"
#include "support/temp_dir.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

namespace fs = std::filesystem;
using namespace fk::migrate;

namespace {

// Build a fetch-kaggle-job tree with one day of two files (no old manifest: --dataset names it).
fs::path make_day(const fs::path& root) {
  fs::create_directories(root / "kaggle_raw" / "20240115");
  std::ofstream(root / "kaggle_raw" / "20240115" / "a.csv") << "x\n1\n";
  std::ofstream(root / "kaggle_raw" / "20240115" / "b.csv") << "y\n2\n";
  return root;
}

// Plan and run a migration of `from` with `move`, then return its report as rollback reads it.
MigrationReport migrate_once(const fs::path& from, const fk::layout::Layout& layout, bool move) {
  auto tree = scan_job_tree(from);
  REQUIRE(tree.ok());
  const MigrationPlan plan = plan_migration(*tree, scan_target(layout, *tree, "o/s"), layout, {"o/s", move});
  const MigrationOutcome outcome =
      execute_plan(plan, layout, {"r", "2026-12-03T05:00:00Z", "t", from.string(), "fetch-kaggle-job", {}},
                   [](const ItemOutcome&) {});
  const ReportHeader header{"2026-12-03T05:00:00Z", "r", "fetch-kaggle-job", from, true};
  auto path = write_migration_report(layout, header, outcome);
  REQUIRE(path.ok());
  auto report = read_migration_report(*path);
  REQUIRE(report.ok());
  return *report;
}

} // namespace

TEST_CASE("--move removes sources only after their copies verify, and rollback puts them back") {
  fk::test::TempDir dir("migrate_move");
  const fs::path from = make_day(dir.path() / "old");
  const fk::layout::Layout layout(dir.path() / "data");
  const MigrationReport report = migrate_once(from, layout, true);
  REQUIRE(report.outcome.items.size() == 2);
  CHECK(report.outcome.count("moved") == 2);
  CHECK_FALSE(fs::exists(from / "kaggle_raw" / "20240115" / "a.csv"));
  CHECK_FALSE(fs::exists(from / "kaggle_raw" / "20240115")); // emptied folders go too
  CHECK(fs::exists(from / "kaggle_raw"));
  CHECK(fk::util::read_file(layout.area("raw") / "20240115" / "o" / "s" / "a.csv").value() == "x\n1\n");

  const MigrationOutcome undone =
      rollback_migration(report, layout, "2026-12-03T06:00:00Z", "u", [](const ItemOutcome&) {});
  CHECK(undone.count("restored") == 2);
  CHECK(fk::util::read_file(from / "kaggle_raw" / "20240115" / "b.csv").value() == "y\n2\n");
  CHECK_FALSE(fs::exists(layout.area("raw") / "20240115"));
  CHECK(fk::util::list_names(layout.staging()).empty());
}

TEST_CASE("rollback of a copy removes the targets and the manifest entry, but keeps a changed target") {
  fk::test::TempDir dir("migrate_rollback_copy");
  const fs::path from = make_day(dir.path() / "old");
  const fk::layout::Layout layout(dir.path() / "data");
  // Another dataset on the same day must survive the rollback.
  fs::create_directories(layout.area("raw") / "20240115");
  fk::report::DownloadManifest other;
  other.day = "20240115";
  other.datasets.push_back({});
  other.datasets.back().ref = "keep/me";
  other.datasets.back().status = "downloaded";
  REQUIRE(fk::report::write_manifest(layout.area("raw") / "20240115" / "download_manifest.json", other).ok());
  MigrationReport report = migrate_once(from, layout, false);
  CHECK(report.outcome.count("copied") == 2);

  std::ofstream(layout.area("raw") / "20240115" / "o" / "s" / "a.csv") << "edited\n";
  MigrationOutcome undone = rollback_migration(report, layout, "t", "u1", [](const ItemOutcome&) {});
  CHECK(undone.count("kept") == 2);
  CHECK(fs::exists(layout.area("raw") / "20240115" / "o" / "s" / "b.csv"));

  std::ofstream(layout.area("raw") / "20240115" / "o" / "s" / "a.csv") << "x\n1\n";
  undone = rollback_migration(report, layout, "t", "u2", [](const ItemOutcome&) {});
  CHECK(undone.count("removed") == 2);
  CHECK_FALSE(fs::exists(layout.area("raw") / "20240115" / "o"));
  CHECK(fs::exists(from / "kaggle_raw" / "20240115" / "a.csv"));
  auto manifest = fk::report::read_manifest(layout.area("raw") / "20240115" / "download_manifest.json");
  REQUIRE(manifest.ok());
  CHECK(manifest->find("o/s") == nullptr);
  CHECK(manifest->find("keep/me") != nullptr);
}

TEST_CASE("a journal records done items; adopt_journal keeps the killed run's moves in the final report") {
  MigrationOutcome journal;
  journal.items.push_back({});
  journal.items.back().item.kind = "raw";
  journal.items.back().item.source = "/old/gone.csv";
  journal.items.back().status = "moved";
  journal.items.push_back({});
  journal.items.back().item.kind = "report";
  journal.items.back().item.source = "/old/r.md";
  journal.items.back().status = "copied";
  MigrationOutcome current;
  current.items.push_back({});
  current.items.back().item.kind = "report";
  current.items.back().item.source = "/old/r.md";
  current.items.back().status = "skipped";
  adopt_journal(current, journal);
  REQUIRE(current.items.size() == 2);
  CHECK(current.items[0].status == "copied");
  CHECK(current.items[1].item.source == fs::path("/old/gone.csv"));
}

TEST_CASE("--upgrade brings a made-up layout version 0 to the current one, and re-running changes nothing") {
  fk::test::TempDir dir("migrate_upgrade");
  const fk::layout::Layout layout(dir.path());
  fs::create_directories(layout.area("raw") / "20240115");
  fs::create_directories(layout.area("metadata"));
  REQUIRE(fk::layout::write_layout_file(layout, std::chrono::system_clock::now(), 0).ok());
  std::ofstream(layout.area("raw") / "20240115" / "manifest.json") << "{}";
  std::ofstream(layout.area("metadata") / "state.json") << "{}";
  CHECK_FALSE(fk::layout::check_layout_compatible(layout).ok());

  auto plan = plan_upgrade(layout, upgrade_steps(), fk::layout::k_layout_version);
  REQUIRE(plan.ok());
  CHECK(plan->from_version == 0);
  REQUIRE(plan->renames.size() == 2);
  REQUIRE(execute_upgrade(layout, *plan, std::chrono::system_clock::now()).ok());
  CHECK(fs::exists(layout.area("raw") / "20240115" / "download_manifest.json"));
  CHECK(fs::exists(layout.area("metadata") / "download_state.json"));
  CHECK(fk::layout::check_layout_compatible(layout).ok());
  plan = plan_upgrade(layout, upgrade_steps(), fk::layout::k_layout_version);
  REQUIRE(plan.ok());
  CHECK(plan->renames.empty());

  // A version no step starts from is refused with a way out; so is a clash.
  REQUIRE(fk::layout::write_layout_file(layout, std::chrono::system_clock::now(), 0).ok());
  CHECK_FALSE(plan_upgrade(layout, {}, fk::layout::k_layout_version).ok());
  std::ofstream(layout.area("metadata") / "state.json") << "{}";
  plan = plan_upgrade(layout, upgrade_steps(), fk::layout::k_layout_version);
  REQUIRE(plan.ok());
  CHECK_FALSE(execute_upgrade(layout, *plan, std::chrono::system_clock::now()).ok());
  CHECK(fs::exists(layout.area("metadata") / "state.json"));
}

TEST_CASE("--move writes each item to the journal as moved before its source is removed") {
  fk::test::TempDir dir("migrate_write_ahead");
  const fs::path from = make_day(dir.path() / "old");
  const fk::layout::Layout layout(dir.path() / "data");
  auto tree = scan_job_tree(from);
  REQUIRE(tree.ok());
  const MigrationPlan plan = plan_migration(*tree, scan_target(layout, *tree, "o/s"), layout, {"o/s", true});
  // What a killed run's journal would hold: at each checkpoint, the items said to be moved, and
  // whether their sources were still there (written ahead) or gone (a kill before it: lost).
  std::set<std::string> written_ahead;
  std::set<std::string> gone_before_journal;
  const auto checkpoint = [&](const MigrationOutcome& so_far) {
    for (const ItemOutcome& item : so_far.items) {
      if (fs::exists(item.item.source)) {
        if (item.status == "moved") written_ahead.insert(item.item.source.string());
      } else if (item.status != "moved") {
        gone_before_journal.insert(item.item.source.string());
      }
    }
  };
  const MigrationOutcome outcome =
      execute_plan(plan, layout, {"r", "2026-12-03T05:00:00Z", "t", from.string(), "fetch-kaggle-job", checkpoint},
                   [](const ItemOutcome&) {});
  CHECK(outcome.count("moved") == 2);
  CHECK(written_ahead.size() == 2);
  CHECK(gone_before_journal.empty());
  for (const ItemOutcome& item : outcome.items)
    CHECK_FALSE(item.remove_source);
}
