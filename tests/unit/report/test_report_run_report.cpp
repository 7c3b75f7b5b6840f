#include "report/run_report.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <unistd.h>

#include <sstream>

namespace fs = std::filesystem;
using namespace fk::report;

TEST_CASE("redact_arguments masks secret options and URL passwords") {
  const std::vector<std::string> in = {"download", "--key", "abcd1234", "--token=tok-secret",
                                       "--database-url", "postgresql://loader:pa55word@db:5432/kaggle", "owner/slug"};
  const std::vector<std::string> out = redact_arguments(in);
  CHECK(out == std::vector<std::string>{"download", "--key", "***", "--token=***", "--database-url",
                                        "postgresql://loader:***@db:5432/kaggle", "owner/slug"});
}

TEST_CASE("URL passwords are masked whole, even when they hold '@', and inside running text") {
  CHECK(redact_arguments({"http://push:p@ss@gw:9091/x"}) == std::vector<std::string>{"http://push:***@gw:9091/x"});
  CHECK(redact_arguments({"https://h/path@x:y"}) == std::vector<std::string>{"https://h/path@x:y"});
  CHECK(redact_url_passwords("The following argument was not expected: postgresql://u:pw@h/db and more") ==
        "The following argument was not expected: postgresql://u:***@h/db and more");
  CHECK(redact_url_passwords("no url here") == "no url here");
}

TEST_CASE("a run report naming a file with invalid UTF-8 still parses, with the exact bytes in hex") {
  RunReport report;
  report.command = "download";
  report.run_id = "0123456789ab";
  report.started_at = std::chrono::system_clock::time_point{std::chrono::seconds{1795000000}};
  report.finished_at = report.started_at + std::chrono::seconds{3};
  report.data_root = "/data/kaggle";
  report.day = "20261122";
  report.outcome = "failed";
  report.exit_code = 7;
  report.errors.push_back({"temporary", "cannot fetch \"x\"\n", "raw/20261122/o/s/caf\xE9\x01.csv"});
  std::ostringstream out;
  write_run_report_json(out, report);

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(out.str()).get(doc) == simdjson::SUCCESS);
  CHECK(std::string_view(doc["outcome"]) == "failed");
  CHECK(int64_t(doc["exit_code"]) == 7);
  CHECK(double(doc["duration_seconds"]) == Approx(3.0));
  simdjson::dom::element error = doc["errors"].at(0);
  CHECK(std::string_view(error["message"]) == "cannot fetch \"x\"\n");
  CHECK(std::string_view(error["item_hex"]) == "7261772f32303236313132322f6f2f732f636166e9012e637376");
}

TEST_CASE("run reports go to reports/<day of start>/<command>-<HHMMSS>Z-<run id>.json") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_report_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const fk::layout::Layout layout(root);
  RunReport report;
  report.command = "init";
  report.run_id = "abcdef012345";
  // 2026-11-22T10:03:04Z
  report.started_at = std::chrono::system_clock::time_point{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}} +
                      std::chrono::hours{10} + std::chrono::minutes{3} + std::chrono::seconds{4};
  report.finished_at = report.started_at;
  auto path = write_run_report(layout, report);
  REQUIRE(path.ok());
  CHECK(*path == root / "reports" / "20261122" / "init-100304Z-abcdef012345.json");
  CHECK(fs::is_regular_file(*path));
  CHECK(new_run_id().size() == 12);
  CHECK(new_run_id() != new_run_id());
  fs::remove_all(root);
}
