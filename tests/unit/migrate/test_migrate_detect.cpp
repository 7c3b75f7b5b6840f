#include "migrate/detect.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fstream>

namespace fs = std::filesystem;
using namespace fk::migrate;

TEST_CASE("auto detects fetch-kaggle-job by kaggle_raw/") {
  const fk::test::TempDir dir("migrate_job");
  const fs::path& root = dir.path();
  fs::create_directories(root / "kaggle_raw");
  fs::create_directories(root / "datasets"); // kaggle_raw wins
  auto found = detect_layout(root, "auto");
  REQUIRE(found.ok());
  CHECK(*found == LegacyLayout::fetch_kaggle_job);
  CHECK(layout_name(*found) == "fetch-kaggle-job");
}

TEST_CASE("auto detects ingestion-engine by datasets/ or state/tracking_state.json") {
  const fk::test::TempDir dir("migrate_engine");
  const fs::path& root = dir.path();
  fs::create_directories(root / "datasets");
  CHECK(detect_layout(root, "auto").value() == LegacyLayout::ingestion_engine);
  fs::remove_all(root / "datasets");
  fs::create_directories(root / "state");
  std::ofstream(root / "state" / "tracking_state.json") << "{}";
  CHECK(detect_layout(root, "auto").value() == LegacyLayout::ingestion_engine);
  CHECK(layout_name(LegacyLayout::ingestion_engine) == "ingestion-engine");
}

TEST_CASE("auto on an unknown tree is a usage error naming what was looked for") {
  const fk::test::TempDir dir("migrate_unknown");
  const fs::path& root = dir.path();
  std::ofstream(root / "notes.txt") << "x";
  auto found = detect_layout(root, "auto");
  REQUIRE_FALSE(found.ok());
  CHECK(found.error().kind == fk::util::ErrorKind::usage);
  CHECK(found.error().why.find("kaggle_raw/") != std::string::npos);
  CHECK(found.error().why.find("datasets/") != std::string::npos);
  CHECK(found.error().why.find("state/tracking_state.json") != std::string::npos);
}

TEST_CASE("an explicit layout is taken as given; a missing folder or unknown name is a usage error") {
  const fk::test::TempDir dir("migrate_explicit");
  const fs::path& root = dir.path();
  CHECK(detect_layout(root, "ingestion-engine").value() == LegacyLayout::ingestion_engine);
  CHECK(detect_layout(root, "fetch-kaggle-job").value() == LegacyLayout::fetch_kaggle_job);
  CHECK(detect_layout(root, "other").error().kind == fk::util::ErrorKind::usage);
  CHECK(detect_layout(root / "missing", "auto").error().kind == fk::util::ErrorKind::usage);
  CHECK(detect_layout(root / "missing", "auto").error().why == "it is not a folder");
}
