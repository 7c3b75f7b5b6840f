#include "layout/data_root.hpp"
#include "layout/layout_version.hpp"
#include "util/atomic_file.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace fk::layout;

TEST_CASE("the data root comes from the flag, else the environment, else /data/kaggle") {
  CHECK(resolve_data_root(std::string("/flag"), "/env") == "/flag");
  CHECK(resolve_data_root(std::nullopt, "/env") == "/env");
  CHECK(resolve_data_root(std::nullopt, "") == "/data/kaggle");
  CHECK(resolve_data_root(std::nullopt, nullptr) == "/data/kaggle");
}

TEST_CASE("Layout names every area under the root") {
  const Layout layout("/data/kaggle/");
  const Day day = Day::parse("20261122").value();
  CHECK(layout.root() == "/data/kaggle");
  CHECK(layout.raw_day(day) == "/data/kaggle/raw/20261122");
  CHECK(layout.raw_dataset(day, "owner", "slug") == "/data/kaggle/raw/20261122/owner/slug");
  CHECK(layout.download_manifest(day) == "/data/kaggle/raw/20261122/download_manifest.json");
  CHECK(layout.processed_day(day) == "/data/kaggle/processed/20261122");
  CHECK(layout.staging().parent_path() == layout.root());
}

TEST_CASE("layout versions: older asks for migrate --upgrade, newer for a newer tool") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_version_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  const Layout layout(root);
  CHECK(check_layout_compatible(layout).ok()); // not initialised yet
  REQUIRE(write_layout_file(layout, std::chrono::system_clock::now()).ok());
  CHECK(read_layout_version(layout).value() == k_layout_version);
  CHECK(check_layout_compatible(layout).ok());

  REQUIRE(write_layout_file(layout, std::chrono::system_clock::now(), k_layout_version + 1).ok());
  auto newer = check_layout_compatible(layout);
  REQUIRE_FALSE(newer.ok());
  CHECK(newer.error().fix == "upgrade fetch-kaggle");

  REQUIRE(fk::util::write_file_atomic(layout.layout_file(), R"({"layout_version":0})").ok());
  auto older = check_layout_compatible(layout);
  REQUIRE_FALSE(older.ok());
  CHECK(older.error().fix == "run `fetch-kaggle migrate --upgrade` first");
  REQUIRE(fk::util::write_file_atomic(layout.layout_file(), R"({"layout_version":-1})").ok());
  CHECK(read_layout_version(layout).error().kind == fk::util::ErrorKind::integrity);
  REQUIRE(fk::util::write_file_atomic(layout.layout_file(), "not json").ok());
  CHECK(read_layout_version(layout).error().kind == fk::util::ErrorKind::integrity);
  fs::remove_all(root);
}
