#include "layout/publish.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
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

TEST_CASE("publish_into_day shows a dataset folder and its manifest together, keeping the rest of the day") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_publish_day_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const Layout layout(root);
  const fs::path day = root / "raw" / "20261122";
  fs::create_directories(day / "alice" / "old");
  std::ofstream(day / "alice" / "old" / "keep.csv") << "kept";
  std::ofstream(day / "download_manifest.json") << "v1";
  std::ofstream(day / ".download_manifest.json.tmp-1-x") << "a killed run's temporary";
  const auto inode = [](const fs::path& p) {
    struct stat info {};
    REQUIRE(::stat(p.c_str(), &info) == 0);
    return info.st_ino;
  };
  const auto kept_inode = inode(day / "alice" / "old" / "keep.csv");

  auto work = make_staging_dir(layout, "download", "run1");
  REQUIRE(work.ok());
  fs::create_directories(*work / "new");
  std::ofstream(*work / "new" / "a.csv") << "new";
  bool finished = false;
  auto published = publish_into_day(day, *work / "day-work", "bob/new", *work / "new", [&](const fs::path& new_day) {
    // The old day is still what readers see while the new one is being finished.
    CHECK(fk::util::read_file(day / "download_manifest.json").value() == "v1");
    CHECK_FALSE(fs::exists(day / "bob"));
    CHECK(fs::exists(new_day / "bob" / "new" / "a.csv"));
    finished = true;
    return fk::util::write_file_atomic(new_day / "download_manifest.json", "v2");
  });
  REQUIRE(published.ok());
  CHECK(finished);
  CHECK(fk::util::read_file(day / "download_manifest.json").value() == "v2");
  CHECK(fk::util::read_file(day / "bob" / "new" / "a.csv").value() == "new");
  CHECK(fk::util::read_file(day / "alice" / "old" / "keep.csv").value() == "kept");
  CHECK(inode(day / "alice" / "old" / "keep.csv") == kept_inode); // linked, not copied
  CHECK_FALSE(fs::exists(day / ".download_manifest.json.tmp-1-x")); // temporaries are not carried over

  // A failing finish publishes nothing.
  auto again = make_staging_dir(layout, "download", "run2");
  REQUIRE(again.ok());
  fs::create_directories(*again / "new");
  std::ofstream(*again / "new" / "b.csv") << "never seen";
  auto refused = publish_into_day(day, *again / "day-work", "bob/new", *again / "new", [](const fs::path&) {
    return fk::util::Status(fk::util::make_error(fk::util::ErrorKind::no_space, "disk full", ""));
  });
  CHECK_FALSE(refused.ok());
  CHECK(fk::util::read_file(day / "download_manifest.json").value() == "v2");
  CHECK(fk::util::read_file(day / "bob" / "new" / "a.csv").value() == "new");
  CHECK_FALSE(fs::exists(day / "bob" / "new" / "b.csv"));
  fs::remove_all(root);
}

TEST_CASE("link_copy makes a copy of hard links that an atomic replace does not show through") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_link_copy_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "day" / "sub");
  std::ofstream(root / "day" / "sub" / "a.json") << "old";
  REQUIRE(link_copy(root / "day", root / "staged").ok());
  REQUIRE(fk::util::write_file_atomic(root / "staged" / "sub" / "a.json", "new").ok());
  CHECK(fk::util::read_file(root / "day" / "sub" / "a.json").value() == "old");
  CHECK(fk::util::read_file(root / "staged" / "sub" / "a.json").value() == "new");
  REQUIRE(link_copy(root / "missing", root / "empty").ok());
  CHECK(fs::is_directory(root / "empty"));
  CHECK(fk::util::list_names(root / "empty").empty());
  fs::remove_all(root);
}
