#include "metrics/exposition.hpp"
#include "metrics/publish.hpp"
#include "util/fs.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

using namespace fk::metrics;

namespace {

RunMetrics sample_run(const std::string& outcome) {
  RunMetrics run;
  run.command = "download";
  run.labels = {{"shard", "1"}};
  run.duration_seconds = 12.5;
  run.finished_at_seconds = 1773532800.25;
  run.outcome = outcome;
  run.exit_code = outcome == "success" ? 0 : 7;
  run.counts = {{"datasets", 3}, {"bytes", 123456789012}, {"files", 7}, {"records", 4242}};
  run.errors = outcome == "success" ? 0 : 2;
  if (outcome == "success") run.last_success_seconds = run.finished_at_seconds;
  return run;
}

// Return the lines of `text` that are samples (not comments).
std::vector<std::string> sample_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

} // namespace

TEST_CASE("label values escape backslash, double quote and line feed") {
  CHECK(escape_label_value(R"(a\b"c)" "\n" "d") == R"(a\\b\"c\nd)");
  CHECK(escape_label_value("owner/slug") == "owner/slug");
  CHECK(escape_help("line\\one\ntwo") == "line\\\\one\\ntwo");
  CHECK(format_labels({}).empty());
  CHECK(format_labels({{"command", "down\"load"}, {"dataset", "a\\b"}}) == R"({command="down\"load",dataset="a\\b"})");
}

TEST_CASE("values are integers without a fraction and exact otherwise") {
  CHECK(format_value(0) == "0");
  CHECK(format_value(123456789012) == "123456789012");
  CHECK(format_value(12.5) == "12.5");
  CHECK(format_value(1773532800.25) == "1773532800.25");
  CHECK(format_value(0.1) == "0.1");
}

TEST_CASE("every metric has one HELP and one TYPE line before its samples") {
  const std::string text = format_text(sample_run("success"));
  std::istringstream in(text);
  std::string current;
  std::set<std::string> seen;
  int help = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# HELP ", 0) == 0) {
      current = line.substr(7, line.find(' ', 7) - 7);
      CHECK(seen.insert(current).second); // one block per metric
      ++help;
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      CHECK(line == "# TYPE " + current + " gauge");
      continue;
    }
    INFO(line);
    REQUIRE_FALSE(current.empty());
    CHECK(line.rfind(current + "{", 0) == 0); // every sample follows its own HELP/TYPE lines
    CHECK(line.rfind("fetch_kaggle_", 0) == 0);
  }
  CHECK(help == 10);
  CHECK(text.back() == '\n');
}

TEST_CASE("a successful run reports its numbers, outcome and success time") {
  const std::string text = format_text(sample_run("success"));
  const auto lines = sample_lines(text);
  const auto has = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
  CHECK(has(R"(fetch_kaggle_run_duration_seconds{command="download",shard="1"} 12.5)"));
  CHECK(has(R"(fetch_kaggle_last_success_timestamp_seconds{command="download",shard="1"} 1773532800.25)"));
  CHECK(has(R"(fetch_kaggle_run_finished_timestamp_seconds{command="download",shard="1"} 1773532800.25)"));
  CHECK(has(R"(fetch_kaggle_run_exit_code{command="download",shard="1"} 0)"));
  CHECK(has(R"(fetch_kaggle_run_outcome{command="download",shard="1",outcome="success"} 1)"));
  CHECK(has(R"(fetch_kaggle_run_outcome{command="download",shard="1",outcome="failed"} 0)"));
  CHECK(has(R"(fetch_kaggle_run_bytes{command="download",shard="1"} 123456789012)"));
  CHECK(has(R"(fetch_kaggle_run_files{command="download",shard="1"} 7)"));
  CHECK(has(R"(fetch_kaggle_run_records{command="download",shard="1"} 4242)"));
  CHECK(has(R"(fetch_kaggle_run_errors{command="download",shard="1"} 0)"));
  CHECK(has(R"(fetch_kaggle_run_count{command="download",shard="1",count="datasets"} 3)"));
}

TEST_CASE("a failed run has no success time and says how it failed") {
  const std::string text = format_text(sample_run("partial"));
  CHECK(text.find("last_success") == std::string::npos);
  const auto lines = sample_lines(text);
  const auto has = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
  CHECK(has(R"(fetch_kaggle_run_exit_code{command="download",shard="1"} 7)"));
  CHECK(has(R"(fetch_kaggle_run_outcome{command="download",shard="1",outcome="partial"} 1)"));
  CHECK(has(R"(fetch_kaggle_run_outcome{command="download",shard="1",outcome="success"} 0)"));
  CHECK(has(R"(fetch_kaggle_run_errors{command="download",shard="1"} 2)"));
}

TEST_CASE("a run without counts reports zero bytes, files and records and no count samples") {
  RunMetrics run = sample_run("failed");
  run.counts.clear();
  const std::string text = format_text(run);
  CHECK(text.find(R"(fetch_kaggle_run_bytes{command="download",shard="1"} 0)") != std::string::npos);
  CHECK(text.find("fetch_kaggle_run_count") == std::string::npos);
}

TEST_CASE("find_sample reads back exactly the sample with the same labels") {
  const std::string text = format_text(sample_run("success"));
  CHECK(find_sample(text, k_last_success_name, {{"command", "download"}, {"shard", "1"}}) == 1773532800.25);
  CHECK_FALSE(find_sample(text, k_last_success_name, {{"command", "download"}}).has_value());
  CHECK_FALSE(find_sample(text, k_last_success_name, {{"command", "process"}, {"shard", "1"}}).has_value());
  CHECK(find_sample("x{a=\"b\"} 5 1700000000000\n", "x", {{"a", "b"}}) == 5);
  CHECK_FALSE(find_sample("x{a=\"b\"} five\n", "x", {{"a", "b"}}).has_value());
}

TEST_CASE("the textfile of a failed run keeps the last success time of the previous file") {
  fk::test::TempDir dir("metrics");
  const auto path = dir.path() / "download.prom";
  REQUIRE(write_textfile(path, sample_run("success")).ok());
  RunMetrics failed = sample_run("failed");
  failed.finished_at_seconds = 1773619200;
  REQUIRE(write_textfile(path, failed).ok());
  const auto text = fk::util::read_file(path);
  REQUIRE(text.ok());
  CHECK(find_sample(*text, k_last_success_name, sample_labels(failed)) == 1773532800.25);
  CHECK(find_sample(*text, "fetch_kaggle_run_finished_timestamp_seconds", sample_labels(failed)) == 1773619200);
  CHECK(find_sample(*text, "fetch_kaggle_run_outcome",
                    {{"command", "download"}, {"shard", "1"}, {"outcome", "failed"}}) == 1);
  // Only the published file is left in the folder: the temporary was renamed over it.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("the textfile of a failed first run has no success time") {
  fk::test::TempDir dir("metrics");
  const auto path = dir.path() / "download.prom";
  REQUIRE(write_textfile(path, sample_run("failed")).ok());
  const auto text = fk::util::read_file(path);
  REQUIRE(text.ok());
  CHECK(text->find("last_success") == std::string::npos);
}
