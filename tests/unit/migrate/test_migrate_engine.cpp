#include "download/state.hpp"
#include "migrate/execute.hpp"
#include "migrate/plan.hpp"
#include "migrate/scan.hpp"
#include "support/temp_dir.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>
#include <fstream>

namespace fs = std::filesystem;
using namespace fk::migrate;

namespace {

// Build an ingestion-engine tree: two datasets (one nested, one without metadata) and a tracking state.
fs::path make_engine_tree(const fs::path& root, const std::string& tracking) {
  fs::create_directories(root / "datasets" / "zillow" / "zecon" / "sub");
  fs::create_directories(root / "datasets" / "acme" / "shops");
  fs::create_directories(root / "metadata");
  fs::create_directories(root / "state");
  std::ofstream(root / "datasets" / "zillow" / "zecon" / "a.csv") << "x\n1\n";
  std::ofstream(root / "datasets" / "zillow" / "zecon" / "sub" / "b.csv") << "y\n2\n";
  std::ofstream(root / "datasets" / "acme" / "shops" / "s.csv") << "s\n";
  std::ofstream(root / "metadata" / "zillow__zecon.json")
      << R"({"dataset_ref":"zillow/zecon","title":"Zillow","url":"https://k/z","last_updated":"2024-03-05T08:00:00Z",)"
      << R"("download_count":3,"tags":["housing"],"local_path":"/srv/gone/datasets/zillow/zecon","ingestion_status":"done"})";
  std::ofstream(root / "state" / "tracking_state.json") << tracking;
  return root;
}

} // namespace

TEST_CASE("an ingestion-engine tree is scanned: day from last_updated, nested files, tracking state") {
  fk::test::TempDir dir("migrate_engine");
  const fs::path from = make_engine_tree(dir.path() / "old", R"({"datasets":{"zillow/zecon":{"version":7},
      "acme/shops":{"last_updated":"2024-01-01"},"gone/away":{"version":2}}})");
  auto tree = scan_engine_tree(from);
  REQUIRE(tree.ok());
  REQUIRE(tree->days.size() == 2);
  CHECK(tree->days[1].kaggle_id == "zillow/zecon");
  CHECK(tree->days[1].day == "20240305");
  CHECK(tree->days[1].title == "Zillow");
  REQUIRE(tree->days[1].files.size() == 2);
  CHECK(tree->days[1].files[1].name == "sub/b.csv");
  CHECK(tree->days[0].day.size() == 8); // no metadata: the day of the files' mtime
  REQUIRE(tree->dataset_metadata.size() == 1);
  CHECK(tree->dataset_metadata[0].name == "zillow/zecon.ingestion-engine.json");
  REQUIRE(tree->tracked.size() == 3);
  CHECK(tree->tracked[2].ref == "zillow/zecon");
  CHECK(tree->tracked[2].version == 7);

  const fk::layout::Layout layout(dir.path() / "data");
  const MigrationPlan plan = plan_migration(*tree, scan_target(layout, *tree, ""), layout, {});
  std::vector<const PlanItem*> states;
  for (const PlanItem& item : plan.items) {
    if (item.kind == "state") states.push_back(&item);
  }
  REQUIRE(states.size() == 3);
  CHECK(states[0]->action == Action::skip); // acme/shops: no version
  CHECK(states[1]->reason == "no migrated data for it");
  CHECK(states[2]->action == Action::copy);

  const MigrationOutcome outcome =
      execute_plan(plan, layout, {"r1", "2026-12-03T05:00:00Z", "test", from.string(), "ingestion-engine", {}},
                   [](const ItemOutcome&) {});
  CHECK(outcome.count("failed") == 0);
  CHECK(outcome.count("recorded") == 1);
  CHECK(fk::util::read_file(layout.area("raw") / "20240305" / "zillow" / "zecon" / "sub" / "b.csv").value() ==
        "y\n2\n");
  CHECK(fs::exists(layout.area("metadata") / "datasets" / "zillow" / "zecon.ingestion-engine.json"));
  std::string warning;
  auto state = fk::download::read_state(layout, warning);
  REQUIRE(state.ok());
  REQUIRE(state->datasets.count("zillow/zecon") == 1);
  CHECK(state->datasets.at("zillow/zecon").version == 7);
  CHECK(state->datasets.at("zillow/zecon").day == "20240305");
  CHECK(state->datasets.count("acme/shops") == 0);
}

TEST_CASE("a damaged tracking state falls back to its .backup") {
  fk::test::TempDir dir("migrate_engine_backup");
  const fs::path from = make_engine_tree(dir.path() / "old", "{not json");
  std::ofstream(from / "state" / "tracking_state.json.backup")
      << R"({"datasets":[{"dataset_ref":"zillow/zecon","version":4}]})";
  auto tree = scan_engine_tree(from);
  REQUIRE(tree.ok());
  REQUIRE(tree->tracked.size() == 1);
  CHECK(tree->tracked[0].version == 4);
  CHECK(tree->tracking_warning.find(".backup") != std::string::npos);
}
