#include "csv/record_counter.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

using fk::csv::count_records;
using fk::csv::RecordCounter;

namespace {

// Count records with an obviously correct byte-by-byte state machine, to compare against.
std::uint64_t reference_count(std::string_view text, char quote = '"') {
  std::uint64_t records = 0;
  bool in_quote = false;
  bool at_line_start = true;
  for (const char c : text) {
    if (in_quote) {
      if (c == quote) in_quote = false;
      at_line_start = false;
    } else if (quote != '\0' && c == quote) {
      in_quote = true;
      at_line_start = false;
    } else if (c == '\n' || c == '\r') {
      if (!at_line_start) ++records;
      at_line_start = true;
    } else {
      at_line_start = false;
    }
  }
  return records + (at_line_start ? 0 : 1);
}

std::uint64_t count_in_pieces(std::string_view text, std::size_t first, std::size_t second) {
  RecordCounter counter;
  counter.feed(text.substr(0, first));
  counter.feed(text.substr(first, second - first));
  counter.feed(text.substr(second));
  return counter.finish();
}

} // namespace

TEST_CASE("RecordCounter counts LF, CRLF and lone CR records, header included") {
  CHECK(count_records("a,b\n1,2\n3,4\n") == 3);
  CHECK(count_records("a,b\r\n1,2\r\n3,4\r\n") == 3);
  CHECK(count_records("a,b\r1,2\r3,4\r") == 3);
  CHECK(count_records("a,b\n1,2\r\n3,4\r5,6") == 4);
}

TEST_CASE("RecordCounter counts a last record without a trailing newline") {
  CHECK(count_records("a,b\n1,2") == 2);
  CHECK(count_records("x") == 1);
}

TEST_CASE("RecordCounter does not count completely empty lines") {
  CHECK(count_records("") == 0);
  CHECK(count_records("\n\n\r\n") == 0);
  CHECK(count_records("\na,b\n\n1,2\r\n\r\n\r\n3,4\n\n") == 3);
  CHECK(count_records(",\n") == 1); // one record of two empty fields is not an empty line
}

TEST_CASE("RecordCounter counts a quoted newline as part of one record") {
  CHECK(count_records("name,address\n\"Rami Levy\",\"line one\nline two\"\nx,y\n") == 3);
  CHECK(count_records("a\n\"x\r\n\r\ny\"\n") == 2);
  CHECK(count_records("a\n\"he said \"\"hi\"\"\nthere\"\n") == 2);
}

TEST_CASE("RecordCounter counts an unclosed quote at the end as one open record") {
  CHECK(count_records("a\n\"open\n") == 2);
}

TEST_CASE("RecordCounter without quoting treats quotes as data") {
  CHECK(count_records("a\n\"x\ny\"\n", '\0') == 3);
  CHECK(count_records("a\n'x\ny'\n", '\'') == 2);
}

TEST_CASE("RecordCounter gives the same count for every chunk split position") {
  std::string text = "chainid,itemname,price\r\n";
  text += "7290027600007,\"\xD7\x97\xD7\x9C\xD7\x91, 3%\",5.90\r\n";
  text += "\r\n";
  text += "7290027600007,\"two\nlines \"\"quoted\"\"\",''\n";
  text += "7290027600007,,\r";
  text += "7290027600007,\"\",1\n\n";
  text += "7290027600007,\"x\r\n\",2\r\n";
  text += "last,\"no newline\",3";
  const std::uint64_t expected = reference_count(text);
  REQUIRE(expected == 7);
  REQUIRE(count_records(text) == expected);
  for (std::size_t first = 0; first <= text.size(); ++first) {
    for (std::size_t second = first; second <= text.size(); ++second) {
      INFO("split at " << first << " and " << second);
      REQUIRE(count_in_pieces(text, first, second) == expected);
    }
  }
  RecordCounter byte_by_byte;
  for (const char c : text) byte_by_byte.feed(std::string_view(&c, 1));
  CHECK(byte_by_byte.finish() == expected);
}

TEST_CASE("RecordCounter matches a byte-by-byte reference on random inputs") {
  std::mt19937 random(20240101);
  const std::string alphabet = "ab,\"\"\n\r";
  for (int round = 0; round < 2000; ++round) {
    const std::size_t length = random() % 300;
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    const std::size_t split = length == 0 ? 0 : random() % (length + 1);
    INFO("input: " << text);
    REQUIRE(count_records(text) == reference_count(text));
    REQUIRE(count_in_pieces(text, split, split + (length - split) / 2) == reference_count(text));
  }
}

TEST_CASE("RecordCounter reports bytes fed and an open quote") {
  RecordCounter counter;
  counter.feed("a\n\"b");
  CHECK(counter.bytes() == 4);
  CHECK(counter.finish() == 2);
}
