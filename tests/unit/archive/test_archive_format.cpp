#include "archive/entry_path.hpp"
#include "archive/format.hpp"
#include "unit/archive/archive_fixture.hpp"

#include <catch2/catch.hpp>

using namespace fk::archive;
using namespace fk::archive::testing;

TEST_CASE("detect_format recognises zip and gzip and tar by content") {
  CHECK(detect_format(build_archive(Container::zip, {{"a.csv", "1\n"}})) == Format::zip);
  CHECK(detect_format(build_archive(Container::zip, {})) == Format::zip); // empty zip: end record only
  CHECK(detect_format(build_archive(Container::tar_gz, {{"a.csv", "1\n"}})) == Format::gzip);
  CHECK(detect_format(build_archive(Container::tar, {{"a.csv", "1\n"}}).substr(0, k_detect_bytes)) == Format::tar);
  CHECK(detect_format("id,name\n1,x\n") == Format::raw);
  CHECK(detect_format("") == Format::raw);
  CHECK(detect_format("PK") == Format::raw);
  CHECK(detect_format(std::string(300, '\0')) == Format::raw);
  CHECK(format_name(Format::gzip) == "gzip");
}

TEST_CASE("parse_entry_path normalises safe names and refuses unsafe ones") {
  auto path = parse_entry_path("./data//train.csv", 4096);
  REQUIRE(path.ok());
  CHECK(path->relative == "data/train.csv");
  CHECK(path->components == std::vector<std::string>{"data", "train.csv"});
  CHECK(parse_entry_path("folder/", 4096)->components == std::vector<std::string>{"folder"});
  CHECK(parse_entry_path("./", 4096)->components.empty());
  CHECK(parse_entry_path("a..b/..c", 4096).ok()); // dots inside names are fine
  CHECK_FALSE(parse_entry_path("", 4096).ok());
  CHECK_FALSE(parse_entry_path("/etc/passwd", 4096).ok());
  CHECK_FALSE(parse_entry_path("..", 4096).ok());
  CHECK_FALSE(parse_entry_path("a/../../b", 4096).ok());
  CHECK_FALSE(parse_entry_path(std::string(256, 'x'), 4096).ok());
  CHECK(parse_entry_path(std::string(255, 'x'), 4096).ok());
  CHECK_FALSE(parse_entry_path("abcdef", 5).ok());
  CHECK(printable_name("a\nb\x7f") == "a?b?");
}
