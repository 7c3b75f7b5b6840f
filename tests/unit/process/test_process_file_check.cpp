#include "process/file_check.hpp"
#include "process_fixture.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using fk::test::TempDir;
using fk::test::write_bytes;

namespace {

process::PlannedFile planned(const std::filesystem::path& source, std::string_view content,
                             std::string path = "f.csv") {
  return {std::move(path), source, content.size(), util::sha256_hex(content),
          process::is_csv_path(source.filename().string())};
}

} // namespace

TEST_CASE("an intact CSV is hashed and profiled in one pass") {
  TempDir tmp("check-ok");
  const std::string content = "id,name\n1,a\n2,\"b\nc\"\n3,\n";
  write_bytes(tmp.path() / "f.csv", content);
  auto result = process::check_file(planned(tmp.path() / "f.csv", content), {});
  REQUIRE(result.ok());
  CHECK(result->intact());
  CHECK(result->bytes == content.size());
  CHECK(result->sha256 == util::sha256_hex(content));
  REQUIRE(result->profile.has_value());
  CHECK(result->profile->records == 3); // the quoted newline does not start a record
  CHECK(result->profile->labels == std::vector<std::string>{"id", "name"});
  CHECK(result->profile->columns[1].nulls == 1);
}

TEST_CASE("a flipped byte is a hash-count issue and the profile is dropped") {
  TempDir tmp("check-flip");
  const std::string content = "id\n1\n2\n";
  std::string flipped = content;
  flipped[4] = '7';
  write_bytes(tmp.path() / "f.csv", flipped);
  auto result = process::check_file(planned(tmp.path() / "f.csv", content), {});
  REQUIRE(result.ok());
  REQUIRE(result->integrity.size() == 1);
  CHECK(result->integrity[0].code == "hash-count");
  CHECK_THAT(result->integrity[0].message, Catch::Contains(util::sha256_hex(content)));
  CHECK(result->sha256 == util::sha256_hex(flipped));
  CHECK_FALSE(result->profile.has_value());
}

TEST_CASE("a file of the wrong size is byte-count and hash-count and is not scanned") {
  TempDir tmp("check-size");
  const std::string content = "id\n1\n2\n";
  write_bytes(tmp.path() / "f.csv", "id\n1\n");
  auto result = process::check_file(planned(tmp.path() / "f.csv", content), {});
  REQUIRE(result.ok());
  REQUIRE(result->integrity.size() == 2);
  CHECK(result->integrity[0].code == "byte-count");
  CHECK_THAT(result->integrity[0].message, Catch::Contains("5 bytes") && Catch::Contains("says 7"));
  CHECK(result->integrity[1].code == "hash-count");
  CHECK(result->bytes == 5);
  CHECK_FALSE(result->profile.has_value());
}

TEST_CASE("a file missing from disk is a missing-file issue, not a failure") {
  TempDir tmp("check-missing");
  auto result = process::check_file(planned(tmp.path() / "gone.csv", "x\n"), {});
  REQUIRE(result.ok());
  REQUIRE(result->integrity.size() == 1);
  CHECK(result->integrity[0].code == "missing-file");
  CHECK(result->sha256.empty());
}

TEST_CASE("a non-CSV file is only re-checked") {
  TempDir tmp("check-other");
  const std::string content = "{\"a\": 1}";
  write_bytes(tmp.path() / "index.json", content);
  auto result = process::check_file(planned(tmp.path() / "index.json", content, "index.json"), {});
  REQUIRE(result.ok());
  CHECK(result->intact());
  CHECK_FALSE(result->is_csv);
  CHECK_FALSE(result->profile.has_value());
}

TEST_CASE("a CSV of several read blocks, with a quoted field across a block boundary, is counted exactly") {
  TempDir tmp("check-big");
  std::string content = "id,text\n";
  std::uint64_t records = 0;
  while (content.size() < process::k_read_block - 10) {
    content += std::to_string(++records) + ",plain\n";
  }
  content += std::to_string(++records) + ",\"spans the\nboundary " + std::string(64, 'x') + "\"\n"; // crosses 1 MiB
  while (content.size() < 2 * process::k_read_block + 100)
    content += std::to_string(++records) + ",more\n";
  REQUIRE(content.size() > 2 * process::k_read_block);
  write_bytes(tmp.path() / "big.csv", content);
  auto result = process::check_file(planned(tmp.path() / "big.csv", content), {});
  REQUIRE(result.ok());
  CHECK(result->intact());
  REQUIRE(result->profile.has_value());
  CHECK(result->profile->records == records);
  CHECK(result->profile->valid());
  CHECK(result->profile->columns[0].type == csv::ColumnType::integer);
}

TEST_CASE("a path that is not a readable file is a failure naming it") {
  TempDir tmp("check-dir");
  std::filesystem::create_directories(tmp.path() / "dir.csv");
  auto result = process::check_file(planned(tmp.path() / "dir.csv", "x"), {});
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error().what, Catch::Contains("dir.csv"));
}

TEST_CASE("files that are not really CSV are invalid: blank-header, or one encoding-error naming UTF-16") {
  TempDir tmp("check-not-csv");
  const std::string utf16{"\xFF\xFEi\0d\0\n\0001\0\n\0", 12};
  const struct {
    std::string name;
    std::string content;
    std::string code;
    std::string says;
  } cases[] = {
      {"empty.csv", "", "blank-header", "empty (0 bytes)"},
      {"bom.csv", "\xEF\xBB\xBF", "blank-header", "byte-order mark"},
      {"utf16.csv", utf16, "encoding-error", "UTF-16 LE (byte-order mark FF FE); fetch-kaggle reads UTF-8"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    write_bytes(tmp.path() / c.name, c.content);
    auto result = process::check_file(planned(tmp.path() / c.name, c.content, c.name), {});
    REQUIRE(result.ok());
    REQUIRE(result->profile.has_value());
    CHECK_FALSE(result->profile->valid());
    REQUIRE(result->profile->errors.size() == 1);
    CHECK(csv::error_code_name(result->profile->errors[0].code) == c.code);
    CHECK_THAT(result->profile->errors[0].message, Catch::Contains(c.says));
  }
}
