#include "csv/profile_json.hpp"
#include "csv/scanner.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using fk::csv::ColumnType;
using fk::csv::ErrorCode;
using fk::csv::FileProfile;
using fk::csv::LineEndings;
using fk::csv::ScanOptions;
using fk::csv::Scanner;
using fk::csv::scan_text;

namespace {

const std::string k_shalom = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";     // 4 Hebrew letters
const std::string k_item = "\xD7\xA4\xD7\xA8\xD7\x99\xD7\x98";       // "item"
const std::string k_city = "\xD7\xA2\xD7\x99\xD7\xA8";               // "city"

std::string profile_json(const FileProfile& profile) {
  std::ostringstream out;
  fk::util::JsonWriter json(out, 0);
  fk::csv::write_profile_json(json, profile);
  return out.str();
}

// Scan `text` in pieces cut at `cuts` and return the records seen by the callback, joined.
struct Collected {
  FileProfile profile;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint64_t> numbers;
};

Collected scan_pieces(std::string_view text, const ScanOptions& options, std::vector<std::size_t> cuts = {}) {
  Collected collected;
  Scanner scanner(options);
  scanner.on_record([&](std::uint64_t number, std::span<const std::string_view> fields) {
    collected.numbers.push_back(number);
    collected.rows.emplace_back(fields.begin(), fields.end());
  });
  std::size_t at = 0;
  cuts.push_back(text.size());
  for (const std::size_t cut : cuts) {
    scanner.feed(text.substr(at, cut - at));
    at = cut;
  }
  collected.profile = scanner.finish();
  return collected;
}

} // namespace

TEST_CASE("Scanner profiles a small supermarket file") {
  const std::string text = "chainid,storeid,itemname,itemprice,allowdiscount,priceupdatedate,updated_at\n"
                           "7290027600007,1,Milk,5.9,true,2024-01-31,2024-01-31T08:00:00\n"
                           "7290027600007,,Bread,12,false,15/01/2024,2024-02-01T09:30:00\n"
                           "7290027600007,3,'',-1.5,TRUE,2023-12-31,2023-12-31T23:59:59+02:00\n";
  const FileProfile profile = scan_text(text);
  CHECK(profile.records == 3);
  CHECK(profile.fields == 7);
  CHECK(profile.labels.front() == "chainid");
  CHECK(profile.line_endings == LineEndings::lf);
  CHECK(profile.valid());
  REQUIRE(profile.columns.size() == 7);
  CHECK(profile.columns[0].type == ColumnType::integer);
  CHECK(profile.columns[0].min.integer == 7290027600007);
  CHECK(profile.columns[1].type == ColumnType::integer);
  CHECK(profile.columns[1].nulls == 1); // empty means "same as above": null, not an error
  CHECK(profile.columns[2].type == ColumnType::string);
  CHECK(profile.columns[2].nulls == 1); // '' is the dataset's empty token
  CHECK(profile.columns[3].type == ColumnType::number);
  CHECK(profile.columns[3].min.number == Approx(-1.5));
  CHECK(profile.columns[3].max.number == Approx(12.0));
  CHECK(profile.columns[4].type == ColumnType::boolean);
  CHECK(profile.columns[5].type == ColumnType::date);
  CHECK(profile.columns[5].min.text == "2023-12-31");
  CHECK(profile.columns[5].max.text == "2024-01-31");
  CHECK(profile.columns[6].type == ColumnType::datetime);
  CHECK(profile.columns[6].max.text == "2024-02-01T09:30:00");
}

TEST_CASE("Scanner reads Hebrew labels and content and measures characters") {
  const std::string text = k_item + "," + k_city + "\n" + k_shalom + ",\"" + k_city + ", " + k_shalom + "\"\n";
  auto collected = scan_pieces(text, ScanOptions{});
  REQUIRE(collected.profile.labels == std::vector<std::string>{k_item, k_city});
  REQUIRE(collected.rows.size() == 1);
  CHECK(collected.rows[0][1] == k_city + ", " + k_shalom);
  CHECK(collected.profile.columns[0].name == k_item);
  CHECK(collected.profile.columns[0].max_length == 8);
  CHECK(collected.profile.columns[0].max_chars == 4);
  CHECK(collected.profile.columns[1].max_chars == 9);
  CHECK(!collected.profile.encoding.first_invalid_byte);
  CHECK(collected.profile.valid());
}

TEST_CASE("Scanner counts a quoted newline as one record and unescapes quotes") {
  const std::string text = "name,note\n\"Rami Levy\",\"first line\nsecond \"\"quoted\"\" line\"\nOsher Ad,plain\n";
  auto collected = scan_pieces(text, ScanOptions{});
  CHECK(collected.profile.records == 2);
  REQUIRE(collected.rows.size() == 2);
  CHECK(collected.rows[0][1] == "first line\nsecond \"quoted\" line");
  CHECK(collected.numbers == std::vector<std::uint64_t>{1, 2});
  CHECK(collected.profile.valid());
}

TEST_CASE("Scanner handles CRLF, lone CR and mixed line endings") {
  auto crlf = scan_pieces("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n", ScanOptions{});
  CHECK(crlf.profile.line_endings == LineEndings::crlf);
  CHECK(crlf.profile.records == 2);
  CHECK(crlf.rows[0][1] == "2");
  CHECK(crlf.rows[1][0] == "x\r\ny");
  CHECK(scan_text("a,b\r1,2\r").line_endings == LineEndings::cr);
  CHECK(scan_text("a,b\r\n1,2\n").line_endings == LineEndings::mixed);
  CHECK(scan_text("a,b").line_endings == LineEndings::none);
}

TEST_CASE("Scanner notes and skips a UTF-8 byte order mark") {
  const FileProfile profile = scan_text("\xEF\xBB\xBFid,name\n1,x\n");
  CHECK(profile.encoding.bom);
  REQUIRE(profile.labels.size() == 2);
  CHECK(profile.labels[0] == "id");
  CHECK(profile.columns[0].type == ColumnType::integer);
  CHECK(!scan_text("id\n1\n").encoding.bom);
}

TEST_CASE("Scanner detects semicolon, tab and pipe files and honours overrides") {
  const FileProfile semicolon = scan_text("a;b;c\n1;2,5;3\n");
  CHECK(semicolon.dialect.delimiter == ';');
  CHECK(semicolon.fields == 3);
  CHECK(semicolon.columns[1].type == ColumnType::string);
  CHECK(scan_text("a\tb\n1\t2\n").fields == 2);
  CHECK(scan_text("a|b\n1|2\n").dialect.delimiter == '|');
  ScanOptions options;
  options.delimiter = ';';
  options.quote_char = '\0';
  const FileProfile forced = scan_text("a,b;c\n\"1,2;3\n", options);
  CHECK(forced.dialect.delimiter == ';');
  CHECK(!forced.dialect.delimiter_detected);
  CHECK(forced.fields == 2);
  CHECK(forced.count(ErrorCode::unclosed_quote) == 0);
}

TEST_CASE("Scanner without a header row names columns field_N") {
  ScanOptions options;
  options.header_row = false;
  auto collected = scan_pieces("1,x\n2,y\n", options);
  CHECK(collected.profile.records == 2);
  CHECK(collected.profile.labels.empty());
  REQUIRE(collected.profile.columns.size() == 2);
  CHECK(collected.profile.columns[0].name == "field_1");
  CHECK(collected.numbers == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("Scanner skips completely empty lines without counting them as records") {
  const FileProfile profile = scan_text("\na,b\n\n1,2\r\n\r\n3,4\n\n");
  CHECK(profile.records == 2);
  CHECK(profile.empty_lines == 4);
  CHECK(profile.count(ErrorCode::blank_row) == 0);
}

TEST_CASE("Scanner handles a very long line within the record limit") {
  std::string text = "id,blob\n1,";
  text.append(3U << 20, 'x');
  text += "\n2,short\n";
  std::vector<std::size_t> cuts;
  for (std::size_t cut = 1000; cut < text.size(); cut += 65536) cuts.push_back(cut);
  auto collected = scan_pieces(text, ScanOptions{}, cuts);
  CHECK(collected.profile.records == 2);
  CHECK(collected.profile.columns[1].max_length == 3U << 20);
  REQUIRE(collected.rows.size() == 2);
  CHECK(collected.rows[0][1].size() == 3U << 20);
  CHECK(collected.profile.valid());
}

TEST_CASE("Scanner gives the same profile for every chunk split position") {
  const std::string text = "id," + k_item + ",price,note\r\n"
                           "1,\"" + k_shalom + ", x\",5.90,\"multi\r\nline \"\"q\"\"\"\r\n"
                           "\r\n"
                           "2,,'',plain\r\n"
                           "3,a\"b,7,x,extra\r\n"
                           "4,\xff" "bad,8\r\n"
                           ",,,\r\n"
                           "5,\"open";
  ScanOptions options;
  options.delimiter = ',';
  options.quote_char = '"';
  options.sample_bytes = 1;
  const Collected whole = scan_pieces(text, options);
  const std::string expected = profile_json(whole.profile);
  REQUIRE(whole.profile.records == 6);
  REQUIRE(whole.profile.count(ErrorCode::stray_quote) == 1);
  REQUIRE(whole.profile.count(ErrorCode::extra_cell) == 1);
  REQUIRE(whole.profile.count(ErrorCode::missing_cell) == 2);
  REQUIRE(whole.profile.count(ErrorCode::encoding_error) == 1);
  REQUIRE(whole.profile.count(ErrorCode::blank_row) == 1);
  REQUIRE(whole.profile.count(ErrorCode::unclosed_quote) == 1);
  for (std::size_t first = 0; first <= text.size(); ++first) {
    for (std::size_t second = first; second <= text.size(); second += 7) {
      INFO("split at " << first << " and " << second);
      const Collected split = scan_pieces(text, options, {first, second});
      REQUIRE(profile_json(split.profile) == expected);
      REQUIRE(split.rows == whole.rows);
    }
  }
  // Also with dialect detection on a sample that ends in the middle of the file.
  ScanOptions detecting;
  detecting.sample_bytes = 40;
  const std::string detected = profile_json(scan_pieces(text, detecting).profile);
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    INFO("split at " << cut);
    REQUIRE(profile_json(scan_pieces(text, detecting, {cut}).profile) == detected);
  }
}
