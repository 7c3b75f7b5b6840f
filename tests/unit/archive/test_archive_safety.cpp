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

TEST_CASE("a zip bomb is stopped by the ratio cap before much is written") {
  const fs::path base = fresh_dir("bomb");
  const std::string bomb =
      build_archive(Container::zip, {{"zeros.bin", "", Kind::file, "", std::uint64_t{200} << 20U}});
  REQUIRE(bomb.size() < (std::size_t{1} << 20U)); // 200 MiB of zeros deflate to a few hundred KiB
  auto result = extract_stream(source_of(bomb, 64 << 10), base / "dest");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == util::ErrorKind::validation);
  CHECK(result.error().why.find("times as many") != std::string::npos);
  CHECK(result.error().fix.find("zip bomb") != std::string::npos);
  CHECK(util::tree_size(base / "dest") < (std::uint64_t{40} << 20U));
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
