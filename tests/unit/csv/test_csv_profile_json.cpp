#include "csv/profile_json.hpp"
#include "csv/scanner.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sstream>
#include <string>

namespace {

std::string to_json(const fk::csv::FileProfile& profile) {
  std::ostringstream out;
  fk::util::JsonWriter json(out, 2);
  fk::csv::write_profile_json(json, profile);
  return out.str();
}

} // namespace

TEST_CASE("write_profile_json writes the documented shape") {
  const auto profile = fk::csv::scan_text("id;price;day\n1;5.5;2024-01-31\n2;x;2024-02-01;extra\n");
  const std::string text = to_json(profile);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(text).get(doc) == simdjson::SUCCESS);

  std::string_view delimiter;
  REQUIRE(doc["dialect"]["delimiter"].get(delimiter) == simdjson::SUCCESS);
  CHECK(delimiter == ";");
  std::string_view quote;
  REQUIRE(doc["dialect"]["quote_char"].get(quote) == simdjson::SUCCESS);
  CHECK(quote == "\"");
  std::string_view encoding;
  REQUIRE(doc["dialect"]["encoding"].get(encoding) == simdjson::SUCCESS);
  CHECK(encoding == "utf-8");
  CHECK(doc["dialect"]["first_invalid_byte"].is_null());

  std::uint64_t records = 0;
  REQUIRE(doc["records"].get(records) == simdjson::SUCCESS);
  CHECK(records == 2);
  simdjson::dom::array labels;
  REQUIRE(doc["labels"].get(labels) == simdjson::SUCCESS);
  CHECK(labels.size() == 3);

  simdjson::dom::array columns;
  REQUIRE(doc["columns"].get(columns) == simdjson::SUCCESS);
  REQUIRE(columns.size() == 3);
  std::string_view type;
  REQUIRE(columns.at(2)["type"].get(type) == simdjson::SUCCESS);
  CHECK(type == "date");
  std::string_view min_day;
  REQUIRE(columns.at(2)["min"].get(min_day) == simdjson::SUCCESS);
  CHECK(min_day == "2024-01-31");
  std::int64_t max_id = 0;
  REQUIRE(columns.at(0)["max"].get(max_id) == simdjson::SUCCESS);
  CHECK(max_id == 2);
  std::string_view price_type;
  REQUIRE(columns.at(1)["type"].get(price_type) == simdjson::SUCCESS);
  CHECK(price_type == "string"); // one of two values is not a number: beyond the 1% tolerance
  CHECK(columns.at(1)["min"].is_null());

  simdjson::dom::array errors;
  REQUIRE(doc["errors"].get(errors) == simdjson::SUCCESS);
  REQUIRE(errors.size() == 1);
  std::string_view code;
  REQUIRE(errors.at(0)["code"].get(code) == simdjson::SUCCESS);
  CHECK(code == "extra-cell");
  std::uint64_t field_number = 0;
  REQUIRE(errors.at(0)["field_number"].get(field_number) == simdjson::SUCCESS);
  CHECK(field_number == 4);
  CHECK(errors.at(0)["field_name"].is_null());
  std::uint64_t count = 0;
  REQUIRE(doc["error_counts"]["extra-cell"]["count"].get(count) == simdjson::SUCCESS);
  CHECK(count == 1);
  bool valid = true;
  REQUIRE(doc["valid"].get(valid) == simdjson::SUCCESS);
  CHECK(!valid);
}

TEST_CASE("write_profile_json reports an invalid encoding and no quoting") {
  fk::csv::ScanOptions options;
  options.quote_char = '\0';
  const std::string text = to_json(fk::csv::scan_text("a\n\xC3(\n", options));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(text).get(doc) == simdjson::SUCCESS);
  CHECK(doc["dialect"]["quote_char"].is_null());
  std::string_view encoding;
  REQUIRE(doc["dialect"]["encoding"].get(encoding) == simdjson::SUCCESS);
  CHECK(encoding == "invalid-utf-8");
  std::uint64_t offset = 0;
  REQUIRE(doc["dialect"]["first_invalid_byte"].get(offset) == simdjson::SUCCESS);
  CHECK(offset == 2);
}
