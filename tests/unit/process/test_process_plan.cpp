#include "process/plan.hpp"
#include "process_fixture.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace fk;
using fk::test::DayBuilder;
using fk::test::TempDir;

TEST_CASE("--fail-on values parse and print back; anything else is rejected") {
  for (const char* name : {"error", "warning", "never"}) {
    auto parsed = process::parse_fail_on(name);
    REQUIRE(parsed.has_value());
    CHECK(process::fail_on_name(*parsed) == name);
  }
  CHECK_FALSE(process::parse_fail_on("Error").has_value());
  CHECK_FALSE(process::parse_fail_on("").has_value());
}

TEST_CASE("CSV files are recognised by their extension in any letter case") {
  CHECK(process::is_csv_path("a.csv"));
  CHECK(process::is_csv_path("dir/B.CSV"));
  CHECK(process::is_csv_path("x.tsv"));
  CHECK_FALSE(process::is_csv_path("index.json"));
  CHECK_FALSE(process::is_csv_path("csv"));
  CHECK_FALSE(process::is_csv_path("a.csv.gz"));
}

TEST_CASE("a missing manifest is not_found, naming its path and the download command") {
  TempDir tmp("plan-missing");
  layout::Layout layout(tmp.path());
  const auto day = layout::Day::parse("20260101").value_or_throw();
  auto manifest = process::read_day_manifest(layout, day);
  REQUIRE_FALSE(manifest.ok());
  CHECK(manifest.error().kind == util::ErrorKind::not_found);
  CHECK_THAT(manifest.error().what, Catch::Contains((tmp.path() / "raw/20260101/download_manifest.json").string()));
  CHECK_THAT(manifest.error().fix, Catch::Contains("fetch-kaggle download --date 20260101"));
}

TEST_CASE("the plan takes downloaded datasets with their files and lists the others as skipped") {
  TempDir tmp("plan");
  DayBuilder day(tmp.path(), "20260102");
  day.dataset("alice/one", 3).file("a.csv", "x,y\n1,2\n").file("sub/notes.txt", "hello");
  day.dataset("bob/two", 1, "unchanged");
  day.dataset("carol/three", 2).file("b.TSV", "x\ty\n");
  day.write_manifest();
  auto manifest = process::read_day_manifest(day.layout(), day.day());
  REQUIRE(manifest.ok());

  auto plan = process::plan_process(*manifest, day.layout(), day.day(), {});
  REQUIRE(plan.ok());
  CHECK(plan->day == "20260102");
  REQUIRE(plan->datasets.size() == 2);
  const process::PlannedDataset& one = plan->datasets[0];
  CHECK(one.ref == "alice/one");
  CHECK(one.version == 3);
  REQUIRE(one.files.size() == 2);
  CHECK(one.files[0].source == tmp.path() / "raw/20260102/alice/one/a.csv");
  CHECK(one.files[0].is_csv);
  CHECK(one.files[0].expected_bytes == 8);
  CHECK(one.files[0].expected_sha256 == util::sha256_hex("x,y\n1,2\n"));
  CHECK_FALSE(one.files[1].is_csv);
  CHECK(plan->datasets[1].files[0].is_csv);
  REQUIRE(plan->skipped.size() == 1);
  CHECK(plan->skipped[0].ref == "bob/two");
  CHECK(plan->skipped[0].status == "unchanged");
  CHECK_THAT(plan->skipped[0].reason, Catch::Contains("20250101"));

  std::ostringstream out;
  process::print_plan(out, *plan);
  CHECK_THAT(out.str(), Catch::Contains("check+scan  a.csv  8 B"));
  CHECK_THAT(out.str(), Catch::Contains("skip bob/two"));
}

TEST_CASE("named datasets narrow the plan; unknown or not-downloaded ones are not_found") {
  TempDir tmp("plan-named");
  DayBuilder day(tmp.path(), "20260103");
  day.dataset("alice/one").file("a.csv", "x\n1\n");
  day.dataset("bob/two").file("b.csv", "x\n2\n");
  day.dataset("carol/old", 1, "unchanged");

  auto only = process::plan_process(day.manifest(), day.layout(), day.day(), {"bob/two"});
  REQUIRE(only.ok());
  REQUIRE(only->datasets.size() == 1);
  CHECK(only->datasets[0].ref == "bob/two");
  CHECK(only->skipped.empty());

  auto unknown = process::plan_process(day.manifest(), day.layout(), day.day(), {"dave/none"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind == util::ErrorKind::not_found);
  CHECK_THAT(unknown.error().what, Catch::Contains("dave/none"));

  auto unchanged = process::plan_process(day.manifest(), day.layout(), day.day(), {"carol/old"});
  REQUIRE_FALSE(unchanged.ok());
  CHECK(unchanged.error().kind == util::ErrorKind::not_found);
  CHECK_THAT(unchanged.error().fix, Catch::Contains("20250101"));
}

TEST_CASE("a manifest path that could leave the day folder is an integrity error") {
  TempDir tmp("plan-unsafe");
  for (const std::string& bad :
       {std::string("../../etc/passwd"), std::string("/etc/passwd"), std::string("a/./b.csv")}) {
    DayBuilder day(tmp.path(), "20260104");
    day.dataset("alice/one").file("ok.csv", "x\n");
    report::DownloadManifest manifest = day.manifest();
    manifest.datasets[0].files.push_back({bad, 1, std::string(64, '0'), std::nullopt});
    auto plan = process::plan_process(manifest, day.layout(), day.day(), {});
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error().kind == util::ErrorKind::integrity);
    CHECK_THAT(plan.error().what, Catch::Contains(bad));
  }
  DayBuilder day(tmp.path(), "20260105");
  day.dataset("alice/one");
  report::DownloadManifest manifest = day.manifest();
  manifest.datasets[0].ref = "../x";
  CHECK(process::plan_process(manifest, day.layout(), day.day(), {}).error().kind == util::ErrorKind::integrity);
  manifest.datasets[0].ref = "a/b/c";
  CHECK(process::plan_process(manifest, day.layout(), day.day(), {}).error().kind == util::ErrorKind::integrity);
}
