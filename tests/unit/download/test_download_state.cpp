#include "download/state.hpp"
#include "unit/download/download_fixture.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using namespace fk;
using download::test::TempDir;

namespace {

download::DownloadState sample_state(std::int64_t version) {
  download::DownloadState state;
  state.datasets["alice/titanic"] = {version, "2026-03-15T01:02:03Z", "20260315", std::string(32, 'a'), 1234, {"*.csv"}};
  state.datasets["bob/שלום"] = {7, "2026-03-14T00:00:00Z", "20260314", "", 0, {}};
  return state;
}

layout::Layout make_layout(const TempDir& dir) {
  layout::Layout layout(dir.path());
  fs::create_directories(layout.area("metadata"));
  return layout;
}

} // namespace

TEST_CASE("read_state: no file is an empty state without a warning") {
  TempDir dir("state_missing");
  const auto layout = make_layout(dir);
  std::string warning;
  auto state = download::read_state(layout, warning);
  REQUIRE(state.ok());
  CHECK(state->datasets.empty());
  CHECK(warning.empty());
}

TEST_CASE("write_state then read_state round-trips every field") {
  TempDir dir("state_roundtrip");
  const auto layout = make_layout(dir);
  REQUIRE(download::write_state(layout, sample_state(3)).ok());
  CHECK(download::state_path(layout) == dir.path() / "metadata" / "download_state.json");
  std::string warning;
  auto state = download::read_state(layout, warning);
  REQUIRE(state.ok());
  CHECK(warning.empty());
  REQUIRE(state->datasets.size() == 2);
  const download::DatasetState& titanic = state->datasets.at("alice/titanic");
  CHECK(titanic.version == 3);
  CHECK(titanic.fetched_at == "2026-03-15T01:02:03Z");
  CHECK(titanic.day == "20260315");
  CHECK(titanic.archive_md5 == std::string(32, 'a'));
  CHECK(titanic.archive_bytes == 1234);
  CHECK(titanic.files == std::vector<std::string>{"*.csv"});
  CHECK(state->datasets.at("bob/שלום").version == 7);
}

TEST_CASE("write_state keeps the previous good state as .bak") {
  TempDir dir("state_backup");
  const auto layout = make_layout(dir);
  const fs::path path = download::state_path(layout);
  REQUIRE(download::write_state(layout, sample_state(1)).ok());
  CHECK_FALSE(fs::exists(path.string() + ".bak"));
  REQUIRE(download::write_state(layout, sample_state(2)).ok());
  REQUIRE(fs::exists(path.string() + ".bak"));
  const std::string backup = util::read_file(path.string() + ".bak").value();
  CHECK(backup.find("\"version\": 1") != std::string::npos);
}

TEST_CASE("read_state falls back to .bak when the state is damaged, with a warning") {
  TempDir dir("state_fallback");
  const auto layout = make_layout(dir);
  const fs::path path = download::state_path(layout);
  REQUIRE(download::write_state(layout, sample_state(1)).ok());
  REQUIRE(download::write_state(layout, sample_state(2)).ok());
  SECTION("truncated JSON") { REQUIRE(util::write_file_atomic(path, "{\"schema\":\"fetch-kaggle/downl").ok()); }
  SECTION("another schema") { REQUIRE(util::write_file_atomic(path, "{\"schema\":\"something-else\",\"datasets\":{}}").ok()); }
  SECTION("deleted") { fs::remove(path); }
  std::string warning;
  auto state = download::read_state(layout, warning);
  REQUIRE(state.ok());
  CHECK(state->datasets.at("alice/titanic").version == 1);
  if (fs::exists(path)) {
    CHECK(warning.find(path.string() + ".bak") != std::string::npos);
  }
}

TEST_CASE("write_state over a damaged state keeps the good .bak") {
  TempDir dir("state_keep_bak");
  const auto layout = make_layout(dir);
  const fs::path path = download::state_path(layout);
  REQUIRE(download::write_state(layout, sample_state(1)).ok());
  REQUIRE(download::write_state(layout, sample_state(2)).ok()); // .bak holds version 1
  REQUIRE(util::write_file_atomic(path, "garbage").ok());
  REQUIRE(download::write_state(layout, sample_state(3)).ok());
  const std::string backup = util::read_file(path.string() + ".bak").value();
  CHECK(backup.find("\"version\": 1") != std::string::npos);
  std::string warning;
  CHECK(download::read_state(layout, warning)->datasets.at("alice/titanic").version == 3);
}

TEST_CASE("read_state: both files damaged is an integrity error naming the file and the fix") {
  TempDir dir("state_both_bad");
  const auto layout = make_layout(dir);
  const fs::path path = download::state_path(layout);
  REQUIRE(util::write_file_atomic(path, "not json").ok());
  REQUIRE(util::write_file_atomic(path.string() + ".bak", "[]").ok());
  std::string warning;
  auto state = download::read_state(layout, warning);
  REQUIRE_FALSE(state.ok());
  CHECK(state.error().kind == util::ErrorKind::integrity);
  CHECK(state.error().what.find(path.string()) != std::string::npos);
  CHECK(state.error().why.find("backup") != std::string::npos);
  CHECK_FALSE(state.error().fix.empty());
}

TEST_CASE("read_state: a damaged state without a backup is an integrity error") {
  TempDir dir("state_no_bak");
  const auto layout = make_layout(dir);
  REQUIRE(util::write_file_atomic(download::state_path(layout), "{").ok());
  std::string warning;
  auto state = download::read_state(layout, warning);
  REQUIRE_FALSE(state.ok());
  CHECK(state.error().kind == util::ErrorKind::integrity);
}

TEST_CASE("write_dataset_metadata adds each version fetched to those recorded") {
  TempDir dir("state_metadata");
  const auto layout = make_layout(dir);
  kaggle::Dataset dataset;
  dataset.ref = "alice/titanic";
  dataset.title = "Titanic";
  dataset.tags = {"ships"};
  dataset.current_version_number = 2;
  REQUIRE(download::write_dataset_metadata(layout, dataset, "CC0-1.0", 1, "20260314", "2026-03-14T00:00:00Z").ok());
  REQUIRE(download::write_dataset_metadata(layout, dataset, "CC0-1.0", 2, "20260315", "2026-03-15T00:00:00Z").ok());
  // The same version on the same day again replaces its record instead of adding one.
  REQUIRE(download::write_dataset_metadata(layout, dataset, "CC0-1.0", 2, "20260315", "2026-03-15T09:00:00Z").ok());
  const fs::path path = download::dataset_metadata_path(layout, "alice", "titanic");
  CHECK(path == dir.path() / "metadata" / "datasets" / "alice" / "titanic.json");
  const std::string text = util::read_file(path).value();
  CHECK(text.find("\"ref\": \"alice/titanic\"") != std::string::npos);
  CHECK(text.find("\"license\": \"CC0-1.0\"") != std::string::npos);
  CHECK(text.find("\"day\": \"20260314\"") != std::string::npos);
  CHECK(text.find("2026-03-15T09:00:00Z") != std::string::npos);
  CHECK(text.find("2026-03-15T00:00:00Z") == std::string::npos);
}
