#include "load/load_summary.hpp"
#include "load_fixture.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace fk;

TEST_CASE("load_summary.json lists every table with its counts, target and status") {
  load::LoadSummary summary{"20261120", "2026-11-20T10:00:00Z", "0.1.0", {}};
  summary.tables.push_back(
      {"o/s", "a.csv", "/d/o/s.sqlite", "a", "loaded", "", "/d/o/s/rejected/a.csv", 10, 8, 2, 100, 0.5});
  summary.tables.push_back({"o/s", "b.csv", "/d/o/s.sqlite", "", "skipped", "hash-count", "", 0, 0, 0, 0, 0.0});
  std::ostringstream out;
  load::write_load_summary_json(out, summary);
  const std::string json = out.str();
  CHECK(json.find("\"records_read\": 10") != std::string::npos);
  CHECK(json.find("\"records_per_second\": 16") != std::string::npos);
  CHECK(json.find("\"table\": null") != std::string::npos);
  CHECK(json.find("\"skipped_tables\": 1") != std::string::npos);
  CHECK(json.find("\"rejected\": 2") != std::string::npos);
  CHECK_FALSE(load::has_failures(summary));
  summary.tables[1].status = "failed";
  CHECK(load::has_failures(summary));
}

TEST_CASE("the summary file is written atomically") {
  test::LoadTempDir tmp("summary");
  const load::LoadSummary summary{"20261120", "2026-11-20T10:00:00Z", "0.1.0", {}};
  REQUIRE(load::write_load_summary(tmp.path() / "load_summary.json", summary).ok());
  CHECK(test::read_file(tmp.path() / "load_summary.json").find("\"day\": \"20261120\"") != std::string::npos);
}
