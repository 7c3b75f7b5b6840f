#include "archive/extract.hpp"
#include "unit/archive/archive_fixture.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using namespace fk::archive;
using namespace fk::archive::testing;
using Kind = Member::Kind;

namespace {

// Extract `members` packed as `container` into <base>/dest and return the result; `base` is fresh.
util::Result<ExtractSummary> extract_members(const fs::path& base, Container container,
                                             const std::vector<Member>& members, const ExtractOptions& options = {}) {
  return extract_stream(source_of(build_archive(container, members), 8192), base / "dest", options);
}

void check_refused(const util::Result<ExtractSummary>& result, const std::string& entry, const std::string& why_part) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == util::ErrorKind::validation);
  CHECK(result.error().what.find("'" + entry + "'") != std::string::npos);
  CHECK(result.error().why.find(why_part) != std::string::npos);
  CHECK_FALSE(result.error().fix.empty());
}

} // namespace

TEST_CASE("an entry with '..' is refused and nothing lands outside the destination") {
  for (const auto container : {Container::zip, Container::tar}) {
    const fs::path base = fresh_dir("dotdot");
    for (const std::string name : {"../escaped.txt", "ok/../../escaped.txt", "a/.."}) {
      auto result = extract_members(base, container, {{"fine.txt", "fine"}, {name, "evil"}});
      check_refused(result, name, "'..'");
      CHECK(util::list_names(base) == std::vector<std::string>{"dest"});
      CHECK(tree(base / "dest") == std::vector<std::string>{"fine.txt"});
    }
    fs::remove_all(base);
  }
}

TEST_CASE("an absolute entry is refused") {
  const fs::path outside = fs::temp_directory_path() / ("fk_test_archive_outside_" + std::to_string(::getpid()));
  fs::remove_all(outside);
  for (const auto container : {Container::zip, Container::tar}) {
    const fs::path base = fresh_dir("absolute");
    auto result = extract_members(base, container, {{outside.string() + "/x", "evil"}});
    check_refused(result, outside.string() + "/x", "absolute");
    CHECK_FALSE(fs::exists(outside));
    CHECK(tree(base / "dest").empty());
    fs::remove_all(base);
  }
}

TEST_CASE("symbolic and hard links and FIFOs and devices are refused") {
  const fs::path base = fresh_dir("links");
  SECTION("symlink in a tar") {
    auto result =
        extract_members(base, Container::tar, {{"link", "", Kind::symlink, "/etc/passwd"}, {"link/x", "evil"}});
    check_refused(result, "link", "symbolic link to '/etc/passwd'");
  }
  SECTION("hard link in a tar") {
    auto result = extract_members(base, Container::tar, {{"a.txt", "a"}, {"hard", "", Kind::hardlink, "/etc/passwd"}});
    check_refused(result, "hard", "hard link to '/etc/passwd'");
  }
  SECTION("FIFO") {
    check_refused(extract_members(base, Container::tar, {{"pipe", "", Kind::fifo}}), "pipe", "FIFO");
  }
  SECTION("character device") {
    check_refused(extract_members(base, Container::tar, {{"null", "", Kind::char_device}}), "null", "character device");
  }
  SECTION("symlink in a zip is refused or stays a plain file") {
    // A streamed zip has no file modes in its local headers, so libarchive may see a plain file.
    auto result =
        extract_members(base, Container::zip, {{"link", "", Kind::symlink, "/etc/passwd"}, {"link/x", "evil"}});
    INFO(describe(result));
    REQUIRE_FALSE(result.ok());
    CHECK_FALSE(fs::is_symlink(base / "dest" / "link"));
    CHECK_FALSE(fs::exists(base / "dest" / "link" / "x"));
  }
  for (const auto& path : tree(base / "dest"))
    CHECK_FALSE(fs::is_symlink(base / "dest" / path));
  CHECK(util::list_names(base) == std::vector<std::string>{"dest"});
  fs::remove_all(base);
}

TEST_CASE("a path that is a file in one entry and a folder in another is an error") {
  const fs::path base = fresh_dir("clash");
  SECTION("file, then a file below it") {
    auto result = extract_members(base, Container::zip, {{"a", "file"}, {"a/b", "below"}});
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().why.find("not a folder") != std::string::npos);
    CHECK(result.error().what.find("'a/b'") != std::string::npos);
  }
  SECTION("folder, then a file of the same name") {
    auto result = extract_members(base, Container::tar, {{"a/", "", Kind::folder}, {"a", "file"}});
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().why.find("a folder of that name exists") != std::string::npos);
  }
  fs::remove_all(base);
}

TEST_CASE("a very compressible CSV is extracted, not refused as a zip bomb") {
  // Sparse and one-hot Kaggle CSVs compress like this: 2 MiB in one row, a few KiB zipped.
  const fs::path base = fresh_dir("compressible");
  const std::string csv = "id,features\n1," + std::string(std::size_t{2} << 20U, '0') + "\n";
  for (Container container : {Container::zip, Container::tar_gz}) {
    const std::string archive = build_archive(container, {{"one_row.csv", csv}});
    REQUIRE(archive.size() < (std::size_t{16} << 10U));
    auto result = extract_stream(source_of(archive, 64 << 10), base / "dest", {});
    INFO(describe(result));
    REQUIRE(result.ok());
    REQUIRE(result->files.size() == 1);
    CHECK(result->files[0].bytes == csv.size());
    CHECK(util::read_file(base / "dest" / "one_row.csv").value() == csv);
    fs::remove_all(base / "dest");
  }
  fs::remove_all(base);
}

TEST_CASE("a zip bomb that declares no size is stopped by the entry cap, the free space or the opt-in ratio") {
  const fs::path base = fresh_dir("bomb");
  // libarchive's zip writer streams: the sizes follow the data, nothing is declared up front.
  const std::string bomb =
      build_archive(Container::zip, {{"zeros.bin", "", Kind::file, "", std::uint64_t{200} << 20U}});
  REQUIRE(bomb.size() < (std::size_t{1} << 20U)); // 200 MiB of zeros deflate to a few hundred KiB

  ExtractOptions per_entry;
  per_entry.max_entry_bytes = std::uint64_t{8} << 20U;
  auto by_entry = extract_stream(source_of(bomb, 64 << 10), base / "entry", per_entry);
  REQUIRE_FALSE(by_entry.ok());
  CHECK(by_entry.error().kind == util::ErrorKind::validation);
  CHECK(by_entry.error().why == "the entry unpacks to more than 8.0 MiB, the limit for one file");
  CHECK(by_entry.error().fix.find("zip bomb") != std::string::npos);
  CHECK(util::tree_size(base / "entry") <= per_entry.max_entry_bytes);

  // As if the volume had 12 MiB to spare: it stops before using them up.
  const std::uint64_t free = util::free_bytes(base).value();
  REQUIRE(free > (std::uint64_t{1} << 30U));
  ExtractOptions tight;
  tight.min_free_bytes = free - (std::uint64_t{12} << 20U);
  auto by_space = extract_stream(source_of(bomb, 64 << 10), base / "space", tight);
  REQUIRE_FALSE(by_space.ok());
  CHECK(by_space.error().kind == util::ErrorKind::no_space);
  CHECK(by_space.error().why.find("free") != std::string::npos);
  // Free space is measured as the files are written on the writer thread, which may lag behind by
  // its queue (16 MiB): the floor is meant to be larger than that (64 MiB by default).
  CHECK(util::tree_size(base / "space") < (std::uint64_t{12 + 16} << 20U));

  ExtractOptions ratio;
  ratio.max_ratio = 200;
  auto by_ratio = extract_stream(source_of(bomb, 64 << 10), base / "ratio", ratio);
  REQUIRE_FALSE(by_ratio.ok());
  CHECK(by_ratio.error().why.find("times as many") != std::string::npos);
  CHECK(util::tree_size(base / "ratio") < (std::uint64_t{40} << 20U));
  fs::remove_all(base);
}

TEST_CASE("the total size cap stops extraction") {
  const fs::path base = fresh_dir("total");
  ExtractOptions options;
  options.max_total_bytes = 10000;
  std::string text;
  for (int i = 0; i < 1000; ++i)
    text += std::to_string(i * 7919 % 1000) + "\n";
  auto result =
      extract_members(base, Container::zip, {{"one.txt", text}, {"two.txt", text}, {"three.txt", text}}, options);
  check_refused(result, "three.txt", "the limit on uncompressed bytes");
  CHECK(util::tree_size(base / "dest") <= 10000);
  options.max_total_bytes = 3 * text.size();
  CHECK(extract_members(fresh_dir("total_ok"), Container::zip,
                        {{"one.txt", text}, {"two.txt", text}, {"three.txt", text}}, options)
            .ok());
  fs::remove_all(base);
  fs::remove_all(fresh_dir("total_ok"));
}

TEST_CASE("the entry count and path length limits hold") {
  const fs::path base = fresh_dir("limits");
  ExtractOptions options;
  options.max_entries = 2;
  check_refused(extract_members(base, Container::tar, {{"a", "1"}, {"b", "2"}, {"c", "3"}}, options), "c",
                "more than 2 entries");
  options = {};
  options.max_path_bytes = 20;
  const std::string long_name = "folder/" + std::string(30, 'n') + ".csv";
  check_refused(extract_members(base, Container::zip, {{long_name, "x"}}, options), long_name, "limit of 20");
  fs::remove_all(base);
}
