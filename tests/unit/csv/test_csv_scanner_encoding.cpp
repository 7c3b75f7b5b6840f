// Files that are not really CSV (empty, a BOM alone, blank lines alone, UTF-16 and UTF-32), and quotes
// the dialect sample did not show.
#include "csv/scanner.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

using fk::csv::CsvError;
using fk::csv::ErrorCode;
using fk::csv::FileProfile;
using fk::csv::scan_text;
using fk::csv::Scanner;
using fk::csv::ScanOptions;

namespace {

// Return the only error of `profile`, failing the test when there is not exactly one.
const CsvError& only_error(const FileProfile& profile) {
  REQUIRE(profile.errors.size() == 1);
  return profile.errors.front();
}

// Return `text` encoded as UTF-16 LE (ASCII only).
std::string utf16le(std::string_view text) {
  std::string out;
  for (const char c : text) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

} // namespace

TEST_CASE("a 0-byte file has no header: blank-header, invalid") {
  const FileProfile profile = scan_text("");
  const CsvError& error = only_error(profile);
  CHECK(error.code == ErrorCode::blank_header);
  CHECK(error.record == 0);
  CHECK(error.message.find("empty (0 bytes)") != std::string::npos);
  CHECK(!profile.valid());
}

TEST_CASE("a file holding only a UTF-8 BOM has no header: blank-header, invalid") {
  const FileProfile profile = scan_text("\xEF\xBB\xBF");
  const CsvError& error = only_error(profile);
  CHECK(error.code == ErrorCode::blank_header);
  CHECK(error.message.find("only a UTF-8 byte-order mark") != std::string::npos);
  CHECK(profile.encoding.bom);
  CHECK(!profile.valid());
}

TEST_CASE("a file of blank lines only has no header: blank-header") {
  const FileProfile profile = scan_text("\xEF\xBB\xBF\r\n\n\r");
  CHECK(only_error(profile).code == ErrorCode::blank_header);
  CHECK(only_error(profile).message.find("only blank lines") != std::string::npos);
  CHECK(!profile.valid());
}

TEST_CASE("a header without data records is valid; no header is expected without a header row") {
  CHECK(scan_text("a,b\n").valid());
  CHECK(scan_text("a,b").errors.empty());
  ScanOptions options;
  options.header_row = false;
  CHECK(scan_text("", options).errors.empty());
}

TEST_CASE("a UTF-16 or UTF-32 byte-order mark gives one encoding-error naming the encoding") {
  struct Case {
    std::string bytes;
    std::string_view name;
    std::string_view label;
    std::string_view iconv;
  };
  const std::string body = utf16le("id,name\n1,x\n");
  const Case cases[] = {
      {"\xFF\xFE" + body, "utf-16-le", "UTF-16 LE (byte-order mark FF FE)", "iconv -f UTF-16LE -t UTF-8"},
      {"\xFE\xFF" + std::string(1, '\0') + body, "utf-16-be", "UTF-16 BE (byte-order mark FE FF)",
       "iconv -f UTF-16BE -t UTF-8"},
      {std::string("\xFF\xFE\x00\x00", 4) + "i\0\0\0", "utf-32-le", "UTF-32 LE (byte-order mark FF FE 00 00)",
       "iconv -f UTF-32LE -t UTF-8"},
      {std::string("\x00\x00\xFE\xFF", 4) + std::string("\0\0\0i", 4), "utf-32-be",
       "UTF-32 BE (byte-order mark 00 00 FE FF)", "iconv -f UTF-32BE -t UTF-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const FileProfile profile = scan_text(c.bytes);
    const CsvError& error = only_error(profile);
    CHECK(error.code == ErrorCode::encoding_error);
    CHECK(error.record == 0);
    CHECK(error.field_number == 0);
    CHECK(error.message.find(c.label) != std::string::npos);
    CHECK(error.message.find(c.iconv) != std::string::npos);
    CHECK(profile.encoding.other_encoding == c.name);
    CHECK(profile.count(ErrorCode::encoding_error) == 1);
    CHECK(profile.records == 0);
    CHECK(profile.bytes == c.bytes.size());
    CHECK(!profile.valid());
  }
}

TEST_CASE("a UTF-16 file fed byte by byte, longer than the sample, still gives one error") {
  std::string bytes = "\xFF\xFE";
  for (int i = 0; i < 2000; ++i)
    bytes += utf16le("a,b,\xD7\n");
  ScanOptions options;
  options.sample_bytes = 64;
  Scanner scanner(options);
  for (const char c : bytes)
    scanner.feed(std::string_view(&c, 1));
  const FileProfile profile = scanner.finish();
  CHECK(only_error(profile).code == ErrorCode::encoding_error);
  CHECK(profile.bytes == bytes.size());
  CHECK(profile.records == 0);
}

TEST_CASE("a quoted field past the dialect sample reads as quoted though the sample had only inch marks") {
  ScanOptions options;
  options.sample_bytes = 24;
  const FileProfile profile = scan_text("size,name\n12\",pizza\n14\",pie\n\"\",\"a,b\"\n", options);
  CHECK(profile.dialect.quote_char == '"');
  CHECK(profile.records == 3);
  CHECK(profile.count(ErrorCode::extra_cell) == 0);
  CHECK(profile.count(ErrorCode::stray_quote) == 2); // 12" and 14", kept literally
  CHECK(profile.valid());
}
