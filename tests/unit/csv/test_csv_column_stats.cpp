#include "csv/column_stats.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

using fk::csv::classify_value;
using fk::csv::ColumnStats;
using fk::csv::ColumnType;
using fk::csv::type_bit;
using fk::csv::ValueClass;

namespace {

std::uint8_t types_of(std::string_view value) {
  ValueClass parsed;
  return classify_value(value, parsed);
}

fk::csv::ColumnProfile profile_of(std::initializer_list<std::string_view> values, double ratio = 0.0) {
  ColumnStats stats;
  for (const std::string_view value : values) stats.add_value(value);
  return stats.finish("column", ratio);
}

constexpr std::uint8_t k_integer = type_bit(ColumnType::integer) | type_bit(ColumnType::number);

} // namespace

TEST_CASE("classify_value recognises integers and numbers") {
  CHECK(types_of("0") == k_integer);
  CHECK(types_of("-42") == k_integer);
  CHECK(types_of("7290027600007") == k_integer);
  CHECK(types_of("5.9") == type_bit(ColumnType::number));
  CHECK(types_of("0.5") == type_bit(ColumnType::number));
  CHECK(types_of("0.001") == type_bit(ColumnType::number));
  CHECK(types_of("100000000000000000000") == type_bit(ColumnType::number)); // 1e20 renders so
  ValueClass parsed;
  REQUIRE(classify_value("-12.5", parsed) != 0);
  CHECK(parsed.number == Approx(-12.5));
  for (const std::string_view text : {"-", ".", "1.2.3", "1e", "12a", "1,5", "nan", "inf", "0x10", ""}) {
    INFO(text);
    CHECK(types_of(text) == 0);
  }
}

TEST_CASE("classify_value: only text its typed value gives back fits integer or number (issue 18)") {
  // Leading zeros, '+', "-0", beyond int64: the typed value would render differently.
  for (const std::string_view text : {"007", "000", "00123", "0501234567", "+7", "-0", "9223372036854775808",
                                      "123456789012345678901234567890", "-9223372036854775809"}) {
    INFO(text);
    CHECK((types_of(text) & type_bit(ColumnType::integer)) == 0);
  }
  CHECK(types_of("9223372036854775807") == type_bit(ColumnType::integer)); // 2^63-1: no exact double
  CHECK(types_of("-9223372036854775808") == type_bit(ColumnType::integer));
  // Notations whose double renders otherwise: exponent, '+', bare point, trailing zeros, too many digits.
  for (const std::string_view text : {"1.10", "1e5", "1E5", "+3", "+3.5", ".5", "-.5", "5.", "1,000", "00.5", "-0.0",
                                      "0.10000000000000001", "9223372036854775808", "1.23456789012345678"}) {
    INFO(text);
    CHECK((types_of(text) & type_bit(ColumnType::number)) == 0);
  }
  CHECK(types_of("0.1234567890123456") == type_bit(ColumnType::number)); // 16 digits, still its shortest
  CHECK(types_of("-2.5") == type_bit(ColumnType::number));
  CHECK(fk::csv::render_number(1e20) == "100000000000000000000");
  CHECK(fk::csv::render_number(1.5e-7) == "0.00000015");
  CHECK(fk::csv::render_number(100.0) == "100");
  CHECK(fk::csv::render_number(-2.5) == "-2.5");
  CHECK(fk::csv::render_number(0.1) == "0.1");
  CHECK(fk::csv::render_number(9223372036854775808.0) == "9223372036854776000");
  CHECK(fk::csv::render_number(5e-324).size() == 2 + 323 + 1);
  // A column holding one such value is a string column.
  CHECK(profile_of({"12", "007", "3"}).type == ColumnType::string);
  CHECK(profile_of({"1", "9223372036854775808"}).type == ColumnType::string);
  CHECK(profile_of({"1.5", "1.10"}).type == ColumnType::string);
  CHECK(profile_of({"1.5", "2"}).type == ColumnType::number);
  CHECK(profile_of({"0", "10"}).type == ColumnType::integer);
}

TEST_CASE("classify_value recognises booleans, dates and datetimes") {
  CHECK(types_of("true") == type_bit(ColumnType::boolean));
  CHECK(types_of("FALSE") == type_bit(ColumnType::boolean));
  CHECK(types_of("yes") == 0);
  CHECK(types_of("2024-02-29") == type_bit(ColumnType::date));
  CHECK(types_of("2023-02-29") == 0);
  CHECK(types_of("31/12/2024") == type_bit(ColumnType::date));
  CHECK(types_of("32/12/2024") == 0);
  CHECK(types_of("2024-13-01") == 0);
  CHECK(types_of("2024-05-01T10:15") == type_bit(ColumnType::datetime));
  CHECK(types_of("2024-05-01 10:15:30") == type_bit(ColumnType::datetime));
  CHECK(types_of("2024-05-01T10:15:30.123Z") == type_bit(ColumnType::datetime));
  CHECK(types_of("2024-05-01T10:15:30+03:00") == type_bit(ColumnType::datetime));
  CHECK(types_of("2024-05-01T24:00") == 0);
  CHECK(types_of("2024-05-01T10:15:30+3") == 0);
}

TEST_CASE("ColumnStats infers the narrowest type and its bounds") {
  auto integers = profile_of({"3", "-1", "10"});
  CHECK(integers.type == ColumnType::integer);
  CHECK(integers.min.integer == -1);
  CHECK(integers.max.integer == 10);

  auto numbers = profile_of({"3", "2.5", "10"});
  CHECK(numbers.type == ColumnType::number);
  CHECK(numbers.min.number == Approx(2.5));
  CHECK(numbers.max.number == Approx(10.0));

  auto dates = profile_of({"2024-01-31", "15/01/2023", "2024-12-01"});
  CHECK(dates.type == ColumnType::date);
  CHECK(dates.min.text == "2023-01-15");
  CHECK(dates.max.text == "2024-12-01");

  auto datetimes = profile_of({"2024-01-31T10:00:00", "2023-01-31T10:00:00"});
  CHECK(datetimes.type == ColumnType::datetime);
  CHECK(datetimes.min.text == "2023-01-31T10:00:00");

  auto strings = profile_of({"1", "x"});
  CHECK(strings.type == ColumnType::string);
  CHECK(strings.type_errors == 0);
  CHECK(strings.min.kind == fk::csv::Bound::Kind::none);
}

TEST_CASE("ColumnStats keeps the lexical min and max of datetimes, prefixes shared or not") {
  // Bounds that differ early, only late, only in the zone or separator, or only in length.
  const std::vector<std::string> values = {
      "2024-03-01 02:00:00", "2024-03-01 01:59:59", "2024-03-09 00:00:00", "2024-12-31 23:59:59",
      "2024-03-01T02:00:00", "2024-03-01 02:00:00+02:00", "2024-03-01 02:00", "2023-12-31 23:59:59",
      "2024-12-31 23:59:59.5", "2024-12-31 23:59:59Z", "2023-12-31 23:59:58"};
  for (std::size_t rotate = 0; rotate < values.size(); ++rotate) {
    ColumnStats stats;
    for (std::size_t k = 0; k < values.size(); ++k) stats.add_value(values[(k + rotate) % values.size()]);
    const auto profile = stats.finish("t", 0.0);
    INFO("rotation " << rotate);
    REQUIRE(profile.type == ColumnType::datetime);
    CHECK(profile.min.text == *std::min_element(values.begin(), values.end()));
    CHECK(profile.max.text == *std::max_element(values.begin(), values.end()));
  }
}

TEST_CASE("ColumnStats tolerates a share of type errors and counts them") {
  ColumnStats stats;
  for (int i = 0; i < 199; ++i) stats.add_value("4.5");
  stats.add_value("n/a");
  const auto tolerant = stats.finish("price", 0.01);
  CHECK(tolerant.type == ColumnType::number);
  CHECK(tolerant.type_errors == 1);
  const auto strict = stats.finish("price", 0.0);
  CHECK(strict.type == ColumnType::string);
  CHECK(strict.type_errors == 0);
}

TEST_CASE("ColumnStats counts the characters of long mixed UTF-8 values eight bytes at a time") {
  // Hebrew (2 bytes), a euro sign (3), an emoji (4) and ASCII, at every offset and length, so the
  // word loop and the byte tail both see every kind of byte; the reference counts byte by byte.
  const std::string pattern = "a\xD7\xA9" "\xE2\x82\xAC" "bc\xF0\x9F\x8D\x8E" "\xD7\x9C" "defgh\xD7\x95";
  std::string text;
  for (int i = 0; i < 6; ++i) text += pattern;
  for (std::size_t start = 0; start < 9; ++start) {
    for (std::size_t length = 1; start + length <= text.size(); length += 3) {
      const std::string value = text.substr(start, length);
      std::uint64_t expected = 0;
      for (const char c : value) expected += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
      ColumnStats stats;
      stats.add_value(value);
      INFO("start " << start << " length " << length);
      CHECK(stats.finish("v", 0.0).max_chars == expected);
    }
  }
}

TEST_CASE("ColumnStats measures lengths in bytes and characters and counts nulls") {
  ColumnStats stats;
  stats.add_value("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"); // shalom: 4 letters, 8 bytes
  stats.add_value("abcde");
  stats.add_null();
  const auto profile = stats.finish("name", 0.0);
  CHECK(profile.max_length == 8);
  CHECK(profile.max_chars == 5);
  CHECK(profile.nulls == 1);
  CHECK(profile.values == 2);
}

TEST_CASE("a boolean, date or datetime column is canonical only when every value is spelled as PostgreSQL prints it") {
  CHECK(profile_of({"true", "false"}).canonical);
  CHECK_FALSE(profile_of({"true", "FALSE"}).canonical);
  CHECK(profile_of({"2024-01-31", "2023-12-01"}).canonical);
  CHECK_FALSE(profile_of({"2024-01-31", "15/01/2023"}).canonical);
  CHECK(profile_of({"2024-01-02 03:04:05", "2024-01-02 03:04:05.123456", "2024-01-02 03:04:05.5"}).canonical);
  for (const std::string_view text : {"2024-01-02T03:04:05", "2024-01-02 03:04", "2024-01-02 03:04:05.50",
                                      "2024-01-02 03:04:05.1234567", "2024-01-02 03:04:05Z", "2024-01-02 03:04:05+02",
                                      "2024-12-31 23:59:60", "2024-01-02 03:04:05,5"}) {
    INFO(text);
    CHECK_FALSE(profile_of({"2024-01-02 03:04:05", text}).canonical);
  }
  CHECK(profile_of({"1", "2"}).canonical);
}
