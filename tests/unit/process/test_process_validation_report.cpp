#include "process/validation_report.hpp"
#include "process/validator.hpp"
#include "process_fixture.hpp"
#include "util/fs.hpp"
#include "util/json_reader.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace fk;
using fk::test::DayBuilder;
using fk::test::TempDir;

namespace {

// A small hand-made day: one valid CSV, one with an extra cell, one with a short row, one JSON file.
DayBuilder make_day(const std::filesystem::path& root) {
  DayBuilder day(root, "20260110");
  day.dataset("alice/shop", 4)
      .file("good.csv", "id,price,when\n1,2.5,2026-01-01\n2,3,2026-01-02\n")
      .file("extra.csv", "a,b\n1,2\n3,4,5\n")
      .file("index.json", "{}");
  day.dataset("bob/short", 1).file("short.csv", "a,b,c\n1,2,3\n4,5\n");
  day.dataset("carol/same", 2, "unchanged");
  day.write_manifest();
  return day;
}

process::ValidationReport validate(const DayBuilder& day, process::FailOn fail_on) {
  auto plan = process::plan_process(day.manifest(), day.layout(), day.day(), {});
  REQUIRE(plan.ok());
  process::ValidateOptions options;
  options.fail_on = fail_on;
  options.created_at = "2026-01-10T12:00:00Z";
  options.tool_version = "9.9.9";
  std::vector<std::string> seen;
  auto report = process::validate_plan(*plan, options, [&](const std::string& ref, const process::FileResult& file) {
    seen.push_back(ref + ":" + file.path);
  });
  REQUIRE(report.ok());
  CHECK(seen == std::vector<std::string>{"alice/shop:good.csv", "alice/shop:extra.csv", "alice/shop:index.json",
                                         "bob/short:short.csv"});
  return *report;
}

} // namespace

TEST_CASE("totals add up files, records, bytes and problems by code and severity") {
  TempDir tmp("report-totals");
  const DayBuilder day = make_day(tmp.path());
  const process::ValidationReport report = validate(day, process::FailOn::error);
  const process::ReportTotals totals = process::compute_totals(report);
  CHECK(totals.datasets == 2);
  CHECK(totals.files == 4);
  CHECK(totals.csv_files == 3);
  CHECK(totals.other_files == 1);
  CHECK(totals.corrupt_files == 0);
  CHECK(totals.records == 2 + 2 + 2);
  CHECK(totals.problems.errors == 1);
  CHECK(totals.problems.warnings == 1);
  REQUIRE(totals.by_code.size() == 2);
  CHECK(totals.by_code[0].code == "extra-cell");
  CHECK(totals.by_code[0].severity == csv::Severity::error);
  CHECK(totals.by_code[1].code == "missing-cell");
  CHECK(totals.by_code[1].severity == csv::Severity::warning);
  CHECK_FALSE(process::has_integrity_issues(report));
}

TEST_CASE("--fail-on decides the run's validity and the failure's kind") {
  TempDir tmp("report-fail-on");
  const DayBuilder day = make_day(tmp.path());
  const auto path = tmp.path() / "report.json";

  auto by_error = validate(day, process::FailOn::error);
  CHECK_FALSE(process::report_valid(by_error));
  auto failure = process::validation_failure(by_error, path);
  REQUIRE(failure.has_value());
  CHECK(failure->kind == util::ErrorKind::validation);
  CHECK_THAT(failure->fix, Catch::Contains(path.string()));
  CHECK_THAT(failure->why, Catch::Contains("1 error(s) and 1 warning(s)"));

  CHECK(process::report_valid(validate(day, process::FailOn::never)));
  CHECK_FALSE(process::validation_failure(validate(day, process::FailOn::never), path).has_value());

  // Only the warning file: valid on errors, invalid on warnings.
  auto warning_only = process::plan_process(day.manifest(), day.layout(), day.day(), {"bob/short"});
  REQUIRE(warning_only.ok());
  process::ValidateOptions options;
  options.fail_on = process::FailOn::error;
  auto report = process::validate_plan(*warning_only, options);
  REQUIRE(report.ok());
  CHECK(process::report_valid(*report));
  report->fail_on = process::FailOn::warning;
  CHECK_FALSE(process::report_valid(*report));
}

TEST_CASE("a corrupt file makes the failure an integrity one, which wins over validation") {
  TempDir tmp("report-corrupt");
  const DayBuilder day = make_day(tmp.path());
  fk::test::write_bytes(tmp.path() / "raw/20260110/alice/shop/good.csv",
                        "id,price,when\n1,2.5,2026-01-01\n2,3,2026-01-03\n");
  const auto report = validate(day, process::FailOn::error);
  CHECK(process::has_integrity_issues(report));
  const auto totals = process::compute_totals(report);
  CHECK(totals.corrupt_files == 1);
  CHECK(totals.csv_files == 2);
  auto failure = process::validation_failure(report, tmp.path() / "r.json");
  REQUIRE(failure.has_value());
  CHECK(failure->kind == util::ErrorKind::integrity);
  CHECK_THAT(failure->what, Catch::Contains("1 raw file(s) of day 20260110"));
}

TEST_CASE("the outputs are the report and one schema per scanned CSV, under processed/<day>") {
  TempDir tmp("report-outputs");
  const DayBuilder day = make_day(tmp.path());
  const auto report = validate(day, process::FailOn::error);
  auto path = process::write_validation_outputs(day.layout(), day.day(), report, {"", "''"});
  REQUIRE(path.ok());
  CHECK(*path == tmp.path() / "processed/20260110/validation_report.json");
  CHECK(std::filesystem::exists(tmp.path() / "processed/20260110/alice/shop/good.csv.schema.json"));
  CHECK(std::filesystem::exists(tmp.path() / "processed/20260110/alice/shop/extra.csv.schema.json"));
  CHECK(std::filesystem::exists(tmp.path() / "processed/20260110/bob/short/short.csv.schema.json"));
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "processed/20260110/alice/shop/index.json.schema.json"));

  simdjson::dom::parser parser;
  auto doc = util::parse_json_file(parser, *path);
  REQUIRE(doc.ok());
  CHECK(util::json_string(*doc, "schema") == "fetch-kaggle/validation-report");
  CHECK(util::json_string(*doc, "day") == "20260110");
  CHECK(util::json_string(*doc, "tool_version") == "9.9.9");
  CHECK(util::json_string(*doc, "fail_on") == "error");
  CHECK_FALSE(util::json_bool(*doc, "valid", true));
  simdjson::dom::element totals = (*doc)["totals"];
  CHECK(util::json_int(totals, "records") == 6);
  CHECK(util::json_int(totals, "errors") == 1);
  CHECK(util::json_int(totals["by_code"]["extra-cell"], "count") == 1);
  CHECK(util::json_string(totals["by_code"]["missing-cell"], "severity") == "warning");

  simdjson::dom::element shop = (*doc)["datasets"].at(0);
  CHECK(util::json_string(shop, "ref") == "alice/shop");
  CHECK(util::json_int(shop, "version") == 4);
  CHECK_FALSE(util::json_bool(shop, "valid", true));
  simdjson::dom::element extra = shop["files"].at(1);
  CHECK(util::json_string(extra, "path") == "extra.csv");
  CHECK(util::json_string(extra, "status") == "scanned");
  CHECK(util::json_int(extra, "records") == 2);
  simdjson::dom::element error = extra["profile"]["errors"].at(0);
  CHECK(util::json_string(error, "code") == "extra-cell");
  CHECK(util::json_int(error, "record") == 2);
  CHECK(util::json_int(error, "field_number") == 3);
  CHECK(util::json_string(error, "value") == "5");
  simdjson::dom::element index = shop["files"].at(2);
  CHECK(util::json_string(index, "kind") == "other");
  CHECK(util::json_string(index, "status") == "checked");
  CHECK(index["profile"].is_null());
  CHECK(util::json_bool((*doc)["datasets"].at(1), "valid", false));
  simdjson::dom::element skipped = (*doc)["skipped_datasets"].at(0);
  CHECK(util::json_string(skipped, "ref") == "carol/same");
  CHECK(util::json_string(skipped, "status") == "unchanged");
}

TEST_CASE("the report keeps a file name that is not UTF-8 exactly, as path_hex") {
  TempDir tmp("report-hex");
  DayBuilder day(tmp.path(), "20260111");
  day.dataset("alice/odd").file("\xD7\xA9\xFF.csv", "a\n1\n");
  auto plan = process::plan_process(day.manifest(), day.layout(), day.day(), {});
  REQUIRE(plan.ok());
  auto report = process::validate_plan(*plan, {});
  REQUIRE(report.ok());
  REQUIRE(report->datasets[0].files[0].profile.has_value());
  std::ostringstream out;
  process::write_validation_report_json(out, *report);
  CHECK_THAT(out.str(), Catch::Contains("\"path_hex\": \"d7a9ff2e637376\""));
  CHECK(process::report_valid(*report));
}

TEST_CASE("validation on several threads reports exactly what one thread reports, in plan order") {
  TempDir tmp("report-threads");
  DayBuilder day(tmp.path(), "20260110");
  for (int d = 0; d < 3; ++d) {
    auto& dataset = day.dataset("owner/set" + std::to_string(d), 1);
    for (int f = 0; f < 6; ++f) {
      std::string text = "id,name,price\n";
      for (int r = 0; r < (f + 1) * (d + 2) * 50; ++r)
        text += std::to_string(r) + ",item " + std::to_string(r) + ",1.5\n";
      if (f == 2) text += "oops\n";
      dataset.file("f" + std::to_string(f) + ".csv", text);
    }
  }
  day.write_manifest();
  auto plan = process::plan_process(day.manifest(), day.layout(), day.day(), {});
  REQUIRE(plan.ok());
  std::vector<std::string> outputs;
  for (const unsigned threads : {1U, 3U, 8U}) {
    process::ValidateOptions options;
    options.created_at = "2026-01-10T12:00:00Z";
    options.tool_version = "9.9.9";
    options.threads = threads;
    std::vector<std::string> seen;
    auto report = process::validate_plan(*plan, options, [&](const std::string& ref, const process::FileResult& file) {
      seen.push_back(ref + ":" + file.path);
    });
    REQUIRE(report.ok());
    CHECK(seen.size() == 18);
    CHECK(seen.front() == "owner/set0:f0.csv");
    CHECK(seen.back() == "owner/set2:f5.csv");
    const auto path = tmp.path() / ("report-" + std::to_string(threads) + ".json");
    REQUIRE(process::write_validation_report(path, *report).ok());
    outputs.push_back(util::read_file(path).value());
  }
  CHECK(outputs[0] == outputs[1]);
  CHECK(outputs[0] == outputs[2]);
}
