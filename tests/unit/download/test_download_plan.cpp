#include "download/plan.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace fk;
using download::Action;

namespace {

kaggle::Dataset remote_dataset(std::int64_t current, std::int64_t total_bytes = 0) {
  kaggle::Dataset dataset;
  dataset.ref = "alice/titanic";
  dataset.title = "Titanic";
  dataset.total_bytes = total_bytes;
  dataset.current_version_number = current;
  return dataset;
}

std::vector<kaggle::DatasetFile> remote_files() {
  return {{"train.csv", 100, "", ""}, {"test.csv", 40, "", ""}, {"sub/שלום.csv", 7, "", ""}, {"notes.txt", 3, "", ""}};
}

download::DownloadState state_with(std::int64_t version, const std::string& day) {
  download::DownloadState state;
  state.datasets["alice/titanic"] = {version, "2026-03-14T00:00:00Z", day, "", 0, {}};
  return state;
}

const kaggle::DatasetRef k_ref{"alice", "titanic", std::nullopt};
const auto k_day_exists = [](const std::string&) { return true; };
const auto k_day_gone = [](const std::string&) { return false; };

} // namespace

TEST_CASE("matches_any: an empty list matches everything, globs use fnmatch") {
  CHECK(download::matches_any("anything/at/all.bin", {}));
  CHECK(download::matches_any("train.csv", {"*.csv"}));
  CHECK_FALSE(download::matches_any("notes.txt", {"*.csv"}));
  CHECK(download::matches_any("notes.txt", {"*.csv", "notes.*"}));
  CHECK(download::matches_any("sub/dir/a.csv", {"sub/*"}));
  CHECK(download::matches_any("f007.csv", {"f00[5-9].csv"}));
  CHECK_FALSE(download::matches_any("f004.csv", {"f00[5-9].csv"}));
  CHECK(download::matches_any("שלום.csv", {"שלום.*"}));
  CHECK_FALSE(download::matches_any("Train.csv", {"train.csv"}));
}

TEST_CASE("plan_dataset: a dataset never fetched is fetched whole at the current version") {
  const auto plan = download::plan_dataset(k_ref, remote_dataset(3), "CC0-1.0", remote_files(), {}, {}, k_day_exists, {}, false);
  CHECK(plan.action == Action::fetch);
  CHECK(plan.version == 3);
  CHECK(plan.whole);
  CHECK(plan.files.empty());
  CHECK(plan.expected_bytes == 150);
  CHECK(plan.reason == "never fetched");
  CHECK(plan.license == "CC0-1.0");
}

TEST_CASE("plan_dataset: globs select files, and only their bytes are expected") {
  const auto plan =
      download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {"*.csv"}, {}, k_day_exists, {}, false);
  CHECK_FALSE(plan.whole);
  REQUIRE(plan.files.size() == 3);
  CHECK(plan.files[0].name == "train.csv");
  CHECK(plan.files[2].name == "sub/שלום.csv");
  CHECK(plan.expected_bytes == 147);
}

TEST_CASE("plan_dataset: without a file list the dataset's totalBytes is expected") {
  const auto plan = download::plan_dataset(k_ref, remote_dataset(2, 5000), "", {}, {}, {}, k_day_exists, {}, false);
  CHECK(plan.expected_bytes == 5000);
  const auto negative = download::plan_dataset(k_ref, remote_dataset(2, -1), "", {}, {}, {}, k_day_exists, {}, false);
  CHECK(negative.expected_bytes == 0);
}

TEST_CASE("plan_dataset: the version already fetched into an existing day is skipped") {
  std::string asked;
  const auto plan = download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state_with(3, "20260314"),
                                           [&](const std::string& day) {
                                             asked = day;
                                             return true;
                                           },
                                           {}, false);
  CHECK(asked == "20260314");
  CHECK(plan.action == Action::skip_unchanged);
  CHECK(plan.unchanged_day == "20260314");
  CHECK(plan.reason == "version 3 already fetched into raw/20260314");
}

TEST_CASE("plan_dataset: a fetched version whose day folder is gone is fetched again") {
  const auto plan =
      download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state_with(3, "20260314"), k_day_gone, {}, false);
  CHECK(plan.action == Action::fetch);
  CHECK(plan.reason == "version 3 was fetched into raw/20260314, which is gone");
}

TEST_CASE("plan_dataset: --force fetches an unchanged version") {
  const auto plan =
      download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state_with(3, "20260314"), k_day_exists, {}, true);
  CHECK(plan.action == Action::fetch);
  CHECK(plan.reason == "--force");
}

TEST_CASE("plan_dataset: a newer version is fetched, naming the last one") {
  const auto plan =
      download::plan_dataset(k_ref, remote_dataset(4), "", remote_files(), {}, state_with(3, "20260314"), k_day_exists, {}, false);
  CHECK(plan.action == Action::fetch);
  CHECK(plan.version == 4);
  CHECK(plan.reason == "new version (last fetched: 3)");
}

TEST_CASE("plan_dataset: a pinned version wins over the current one") {
  const kaggle::DatasetRef pinned{"alice", "titanic", 2};
  const auto fetch = download::plan_dataset(pinned, remote_dataset(4), "", remote_files(), {}, state_with(4, "20260314"),
                                            k_day_exists, {}, false);
  CHECK(fetch.version == 2);
  CHECK(fetch.action == Action::fetch);
  const auto skip = download::plan_dataset(pinned, remote_dataset(4), "", remote_files(), {}, state_with(2, "20260314"),
                                           k_day_exists, {}, false);
  CHECK(skip.action == Action::skip_unchanged);
}

TEST_CASE("plan_dataset: the same version with another file selection is fetched; the same one is skipped") {
  download::DownloadState state = state_with(3, "20260314");
  state.datasets["alice/titanic"].files = {"*.csv"};
  const auto whole = download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state, k_day_exists, {}, false);
  CHECK(whole.action == download::Action::fetch);
  CHECK(whole.reason == "a different file selection than the last fetch");
  const auto same = download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {"*.csv"}, state, k_day_exists, {}, false);
  CHECK(same.action == download::Action::skip_unchanged);
  CHECK(same.globs == std::vector<std::string>{"*.csv"});
}

TEST_CASE("plan_dataset: another dataset's state does not skip this one") {
  download::DownloadState state;
  state.datasets["alice/other"] = {3, "", "20260314", "", 0, {}};
  const auto plan = download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state, k_day_exists, {}, false);
  CHECK(plan.action == Action::fetch);
  CHECK(plan.reason == "never fetched");
}

TEST_CASE("print_plan: one line per dataset with the action, version, size and reason") {
  const auto fetch =
      download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {"*.csv"}, {}, k_day_exists, {}, false);
  const auto skip =
      download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state_with(3, "20260314"), k_day_exists, {}, false);
  std::ostringstream out;
  download::print_plan(out, {fetch, skip});
  const std::string text = out.str();
  CHECK(text.find("fetch alice/titanic version 3") == 0);
  CHECK(text.find("in 3 file(s)") != std::string::npos);
  CHECK(text.find("(never fetched)") != std::string::npos);
  CHECK(text.find("\nskip  alice/titanic version 3  (version 3 already fetched into raw/20260314)\n") != std::string::npos);
}

TEST_CASE("file names from the API that would leave the dataset folder are refused") {
  // A hostile or broken API answer: --files must never write outside raw/<day>/<owner>/<slug>/.
  for (const char* name : {"../../../../tmp/escaped.csv", "/tmp/escaped.csv", "a/../../b.csv", "..", "", "./"}) {
    INFO(name);
    const auto refused = download::safe_file_name(name);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == util::ErrorKind::validation);
    CHECK(refused.error().message().find("refusing the file name") != std::string::npos);
  }
  CHECK(download::safe_file_name("sub/שלום.csv").value() == "sub/שלום.csv");
  CHECK(download::safe_file_name("./a//b.csv").value() == "a/b.csv");
  CHECK(download::safe_file_name("x\ny/../../z").error().message().find("x?y") != std::string::npos);
}

TEST_CASE("plan_dataset: the day being downloaded holding the version wins over an older day in the state") {
  // A backfill (--date 20260301 --force) moved the state to an older day; today already holds version 3.
  const download::DayHolding today{"20260315", 3, {}};
  const auto plan = download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state_with(3, "20260301"),
                                           k_day_exists, today, false);
  CHECK(plan.action == Action::skip_unchanged);
  CHECK(plan.unchanged_day == "20260315");
  CHECK(plan.reason == "version 3 already fetched into raw/20260315");
  SECTION("another selection, another version or --force is not held") {
    const download::DayHolding subset{"20260315", 3, {"*.csv"}};
    CHECK(download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state_with(3, "20260301"), k_day_exists,
                                 subset, false)
              .unchanged_day == "20260301");
    CHECK(download::plan_dataset(k_ref, remote_dataset(4), "", remote_files(), {}, state_with(3, "20260301"), k_day_exists,
                                 today, false)
              .action == Action::fetch);
    CHECK(download::plan_dataset(k_ref, remote_dataset(3), "", remote_files(), {}, state_with(3, "20260301"), k_day_exists,
                                 today, true)
              .action == Action::fetch);
  }
}
