#include "migrate/execute.hpp"
#include "migrate/report.hpp"
#include "migrate/scan.hpp"
#include "report/download_manifest.hpp"
#include "support/temp_dir.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <catch2/catch.hpp>
#include <fstream>

namespace fs = std::filesystem;
using namespace fk::migrate;

namespace {

// Build a small fetch-kaggle-job tree: one day with a good and a stale sha256, a report, a profile.
fs::path make_job_tree(const fs::path& root) {
  const fs::path day = root / "kaggle_raw" / "20240115";
  fs::create_directories(day);
  fs::create_directories(root / "reports");
  fs::create_directories(root / "metadata");
  std::ofstream(day / "a.csv") << "x,y\n1,2\n";
  std::ofstream(day / "b.csv") << "z\n3\n";
  std::ofstream(day / "download_manifest.json")
      << R"({"dataset":{"name":"Econ","kaggle_id":"zillow/zecon","url":"https://k/z","download_timestamp":"2024-01-15T10:00:00"},)"
      << R"("download_info":{"date":"20240115","directory":"/gone/kaggle_raw/20240115","total_files":2},)"
      << R"("files":[{"filename":"a.csv","path":"/gone/a.csv","size_bytes":8,"sha256":")"
      << fk::util::sha256_hex("x,y\n1,2\n") << R"(","row_count":1},)"
      << R"({"filename":"b.csv","path":"/gone/b.csv","size_bytes":4,"sha256":"00","row_count":1}]})";
  std::ofstream(root / "reports" / "summary.md") << "# s\n";
  std::ofstream(root / "metadata" / "data_profile_zecon.json") << "{}";
  return root;
}

} // namespace

TEST_CASE("a fetch-kaggle-job day is copied, hashed, given a manifest entry, and a re-run changes nothing") {
  const fk::test::TempDir dir("migrate_exec");
  const fs::path& base = dir.path();
  const fs::path from = make_job_tree(base / "old");
  const fk::layout::Layout layout(base / "data");

  auto tree = scan_job_tree(from);
  REQUIRE(tree.ok());
  REQUIRE(tree->days.size() == 1);
  CHECK(tree->days[0].kaggle_id == "zillow/zecon");
  CHECK(tree->days[0].files.size() == 2);
  CHECK(tree->days[0].files[1].old_sha256 == "00");
  CHECK(tree->days[0].files[0].rows == std::uint64_t{1});
  MigrationPlan plan = plan_migration(*tree, scan_target(layout, *tree, ""), layout, {});
  REQUIRE(plan.items.size() == 4);

  std::size_t seen = 0;
  const MigrationOutcome outcome =
      execute_plan(plan, layout, {"run1", "2026-12-02T10:00:00Z", "test", from.string(), "fetch-kaggle-job", {}},
                   [&](const ItemOutcome&) { ++seen; });
  CHECK(seen == 4);
  CHECK(outcome.items[0].status == "copied");
  CHECK(outcome.items[1].status == "sha256_mismatch");
  CHECK(outcome.items[1].sha256 == fk::util::sha256_hex("z\n3\n"));
  CHECK(outcome.count("copied") == 3);
  const fs::path folder = layout.area("raw") / "20240115" / "zillow" / "zecon";
  CHECK(fk::util::read_file(folder / "b.csv").value() == "z\n3\n");
  CHECK(fk::util::read_file(layout.area("reports") / "summary.md").value() == "# s\n");
  CHECK(fs::exists(layout.area("metadata") / "data_profile_zecon.json"));
  CHECK(fk::util::list_names(layout.staging()).empty());

  auto manifest = fk::report::read_manifest(layout.area("raw") / "20240115" / "download_manifest.json");
  REQUIRE(manifest.ok());
  const fk::report::ManifestDataset* entry = manifest->find("zillow/zecon");
  REQUIRE(entry != nullptr);
  CHECK(entry->title == "Econ");
  CHECK(entry->source_url == "https://k/z");
  CHECK(entry->status == "downloaded");
  REQUIRE(entry->files.size() == 2);
  CHECK(entry->files[1].path == "b.csv");
  CHECK(entry->files[1].bytes == 4);
  CHECK(entry->files[1].sha256 == fk::util::sha256_hex("z\n3\n"));
  CHECK(entry->files[0].records == std::uint64_t{1});

  auto report =
      write_migration_report(layout, {"2026-12-02T10:00:00Z", "run1", "fetch-kaggle-job", from, true}, outcome);
  REQUIRE(report.ok());
  CHECK(report->filename() == "migrate-20261202T100000Z.json");
  CHECK(fk::util::read_file(*report).value().find("\"status\": \"sha256_mismatch\"") != std::string::npos);

  plan = plan_migration(*tree, scan_target(layout, *tree, ""), layout, {});
  for (const PlanItem& item : plan.items)
    CHECK(item.action == Action::skip);

  std::ofstream(from / "reports" / "summary.md") << "# changed\n";
  tree = scan_job_tree(from);
  plan = plan_migration(*tree, scan_target(layout, *tree, ""), layout, {});
  CHECK(plan.items[2].action == Action::clash);
  const MigrationOutcome second =
      execute_plan(plan, layout, {"run2", "2026-12-02T11:00:00Z", "test", from.string(), "fetch-kaggle-job", {}},
                   [](const ItemOutcome&) {});
  CHECK(second.items[2].status == "clash");
  CHECK(fk::util::read_file(layout.area("reports") / "summary.md").value() == "# s\n");
}
