#include "migrate/plan.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace fk::migrate;
namespace fs = std::filesystem;

namespace {

SourceDay day_with(const std::string& day, const std::string& kaggle_id, std::vector<SourceFile> files) {
  SourceDay d;
  d.day = day;
  d.folder = fs::path("/old/kaggle_raw") / day;
  d.kaggle_id = kaggle_id;
  d.files = std::move(files);
  return d;
}

SourceFile file(const std::string& day, const std::string& name, std::uint64_t bytes, const std::string& sha) {
  return {name, fs::path("/old/kaggle_raw") / day / name, bytes, sha, std::uint64_t{3}};
}

SourceTree sample_tree() {
  SourceTree tree;
  tree.root = "/old";
  tree.days.push_back(
      day_with("20240115", "zillow/zecon", {file("20240115", "a.csv", 10, "aa"), file("20240115", "é.csv", 5, "")}));
  tree.days.push_back(day_with("20240116", "zillow/zecon", {}));
  tree.reports.push_back({"r.md", "/old/reports/r.md", 7, "r1", std::nullopt});
  tree.profiles.push_back({"data_profile_x.json", "/old/metadata/data_profile_x.json", 9, "p1", std::nullopt});
  return tree;
}

} // namespace

TEST_CASE("a fresh target gets every file copied to raw/<day>/<owner>/<slug>, an empty day is skipped") {
  const fk::layout::Layout layout("/data");
  const MigrationPlan plan = plan_migration(sample_tree(), {}, layout, {});
  REQUIRE(plan.items.size() == 5);
  CHECK(plan.items[0].kind == "raw");
  CHECK(plan.items[0].target == fs::path("/data/raw/20240115/zillow/zecon/a.csv"));
  CHECK(plan.items[0].bytes == 10);
  CHECK(plan.items[0].expected_sha256 == "aa");
  CHECK(plan.items[0].action == Action::copy);
  CHECK(plan.items[1].target == fs::path("/data/raw/20240115/zillow/zecon/é.csv"));
  CHECK(plan.items[1].expected_sha256.empty());
  CHECK(plan.items[2].kind == "day");
  CHECK(plan.items[2].action == Action::skip);
  CHECK_FALSE(plan.items[2].blocked);
  CHECK(plan.items[2].reason == "no CSV file in this day");
  CHECK(plan.items[3].target == fs::path("/data/reports/r.md"));
  CHECK(plan.items[3].action == Action::copy);
  CHECK(plan.items[4].target == fs::path("/data/metadata/data_profile_x.json"));
  CHECK(action_name(plan.items[4].action) == "copy");
}

TEST_CASE("--move plans moves; --dataset overrides the kaggle_id") {
  const fk::layout::Layout layout("/data");
  const MigrationPlan plan = plan_migration(sample_tree(), {}, layout, {"other/set", true});
  CHECK(plan.items[0].target == fs::path("/data/raw/20240115/other/set/a.csv"));
  CHECK(plan.items[0].action == Action::move);
  CHECK(action_name(Action::move) == "move");
}

TEST_CASE("a day already migrated is skipped, a different one clashes") {
  const fk::layout::Layout layout("/data");
  TargetState target;
  target.datasets["20240115/zillow/zecon"] = {true, true, {{"a.csv", 10}, {"é.csv", 5}}, {}};
  target.reports["r.md"] = "r1";
  target.profiles["data_profile_x.json"] = "other";
  MigrationPlan plan = plan_migration(sample_tree(), target, layout, {});
  CHECK(plan.items[0].action == Action::skip);
  CHECK(plan.items[0].reason == "already migrated");
  CHECK(plan.items[3].action == Action::skip);
  CHECK(plan.items[4].action == Action::clash);

  target.datasets["20240115/zillow/zecon"].files["a.csv"] = 11;
  plan = plan_migration(sample_tree(), target, layout, {});
  CHECK(plan.items[0].action == Action::clash);
  CHECK(plan.items[1].action == Action::clash);
  CHECK(plan.items[0].reason.find("already exists") != std::string::npos);

  target.datasets["20240115/zillow/zecon"] = {true, false, {}, {{"a.csv", 10}}}; // a folder not in the manifest
  plan = plan_migration(sample_tree(), target, layout, {});
  CHECK(plan.items[0].action == Action::clash);

  // The same files, published by a killed run before its manifest entry: copied again, not a clash.
  target.datasets["20240115/zillow/zecon"] = {true, false, {}, {{"a.csv", 10}, {"é.csv", 5}}};
  plan = plan_migration(sample_tree(), target, layout, {});
  CHECK(plan.items[0].action == Action::copy);
  CHECK(plan.items[0].reason.find("resuming") != std::string::npos);
}

TEST_CASE("a day without a usable dataset is blocked until --dataset names one") {
  const fk::layout::Layout layout("/data");
  SourceTree tree;
  tree.days.push_back(day_with("20240115", "", {file("20240115", "a.csv", 1, "")}));
  tree.days.push_back(day_with("20240116", "no-slash", {file("20240116", "b.csv", 1, "")}));
  MigrationPlan plan = plan_migration(tree, {}, layout, {});
  REQUIRE(plan.items.size() == 2);
  CHECK(plan.items[0].kind == "day");
  CHECK(plan.items[0].blocked);
  CHECK(plan.items[0].reason.find("--dataset") != std::string::npos);
  CHECK(plan.items[1].blocked);
  plan = plan_migration(tree, {}, layout, {"o/s", false});
  REQUIRE(plan.items.size() == 2);
  CHECK(plan.items[0].action == Action::copy);
  CHECK(plan.items[1].target == fs::path("/data/raw/20240116/o/s/b.csv"));
}

TEST_CASE("is_dataset_ref accepts owner/slug only") {
  CHECK(is_dataset_ref("a/b"));
  CHECK_FALSE(is_dataset_ref("a"));
  CHECK_FALSE(is_dataset_ref("/b"));
  CHECK_FALSE(is_dataset_ref("a/"));
  CHECK_FALSE(is_dataset_ref("a/b/c"));
  CHECK_FALSE(is_dataset_ref("../b"));
  CHECK_FALSE(is_dataset_ref("a/.."));
}

TEST_CASE("print_plan lists every item with its action") {
  const fk::layout::Layout layout("/data");
  std::ostringstream out;
  print_plan(out, plan_migration(sample_tree(), {}, layout, {}));
  CHECK(out.str().find(
            "  copy  raw  /old/kaggle_raw/20240115/a.csv  ->  /data/raw/20240115/zillow/zecon/a.csv  10 bytes\n") !=
        std::string::npos);
  CHECK(out.str().find("  skip  day  /old/kaggle_raw/20240116  (no CSV file in this day)\n") != std::string::npos);
}
