#include "load/load_summary.hpp"
#include "load_fixture.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace fk;

namespace {

// Return `json` without spaces and newlines (the values of these tests hold none).
std::string compact(const std::string& json) {
  std::string out;
  for (const char c : json) {
    if (c != ' ' && c != '\n') out += c;
  }
  return out;
}

} // namespace

TEST_CASE("load_summary.json lists every table with its counts, target and status") {
  load::LoadSummary summary{"20261120", "2026-11-20T10:00:00Z", "0.1.0", {}};
  summary.tables.push_back(
      {"o/s", "a.csv", "/d/o/s.sqlite", "a", "loaded", "", "/d/o/s/rejected/a.csv", 10, 8, 2, 100, 0.5, "sqlite", ""});
  summary.tables.push_back({"o/s", "b.csv", "/d/o/s.sqlite", "", "skipped", "hash-count", "", 0, 0, 0, 0, 0.0, "sqlite", ""});
  std::ostringstream out;
  load::write_load_summary_json(out, summary);
  const std::string json = out.str();
  CHECK(json.find("\"records_read\": 10") != std::string::npos);
  CHECK(json.find("\"records_per_second\": 16") != std::string::npos);
  CHECK(json.find("\"table\": null") != std::string::npos);
  CHECK(json.find("\"skipped_tables\": 1") != std::string::npos);
  CHECK(json.find("\"rejected\": 2") != std::string::npos);
  CHECK(compact(json).find(R"("target":{"engine":"sqlite","database":"/d/o/s.sqlite","schema":null,"table":"a"})") !=
        std::string::npos);
  CHECK(compact(json).find(R"("tool_version":"0.1.0","engine":"sqlite",)") != std::string::npos);
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

TEST_CASE("a PostgreSQL summary names the engine, the shown URL and the schema") {
  load::LoadSummary summary{"20261120", "2026-11-20T10:00:00Z", "0.1.0", {}, "postgresql"};
  summary.tables.push_back({"o/s", "a.csv", "postgresql://fk@db:5432/kaggle", "a", "loaded", "", "", 1, 1, 0, 10, 0.5,
                            "postgresql", "o__s"});
  std::ostringstream out;
  load::write_load_summary_json(out, summary);
  const std::string json = compact(out.str());
  CHECK(json.find(R"("tool_version":"0.1.0","engine":"postgresql")") != std::string::npos);
  CHECK(json.find(R"("target":{"engine":"postgresql","database":"postgresql://fk@db:5432/kaggle","schema":"o__s","table":"a"})") !=
        std::string::npos);
}
