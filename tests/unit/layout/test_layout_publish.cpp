#include "layout/publish.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace fk::layout;

TEST_CASE("publish_dir moves a staged folder into place and swaps an existing one whole") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_publish_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const Layout layout(root);
  const fs::path target = root / "raw" / "20261122" / "owner" / "slug";

  auto first = make_staging_dir(layout, "download", "run1");
  REQUIRE(first.ok());
  std::ofstream(*first / "a.csv") << "v1";
  REQUIRE(publish_dir(*first, target).ok());
  CHECK(fk::util::read_file(target / "a.csv").value() == "v1");
  CHECK_FALSE(fs::exists(*first));

  auto second = make_staging_dir(layout, "download", "run2");
  REQUIRE(second.ok());
  std::ofstream(*second / "b.csv") << "v2";
  REQUIRE(publish_dir(*second, target).ok());
  CHECK(fk::util::list_names(target) == std::vector<std::string>{"b.csv"}); // old content gone, not merged
  CHECK_FALSE(fs::exists(*second));
  fs::remove_all(root);
}

TEST_CASE("clean_stale_staging removes leftovers but keeps partial downloads") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_staging_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const Layout layout(root);
  fs::create_directories(layout.staging() / "download-dead");
  fs::create_directories(layout.staging() / "partial");
  CHECK(clean_stale_staging(layout) == 1);
  CHECK(fk::util::list_names(layout.staging()) == std::vector<std::string>{"partial"});
  fs::remove_all(root);
}
