#include "csv/scanner.hpp"
#include "load/pg_binary.hpp"
#include "load/pg_values.hpp"

#include <bit>
#include <catch2/catch.hpp>
#include <sstream>

using namespace fk;
using load::PgType;

namespace {

// Return the COPY binary field of `cell` as `type` decoded for reading: the value as a number for
// bigint, date (days from 2000-01-01) and timestamps (microseconds from 2000-01-01), the double for
// numbers, t/f, the bytes of text; or "<refused>". The field's length is checked on the way.
std::string converted(PgType type, std::string_view cell, bool check_utf8 = false) {
  std::string out;
  if (!load::append_pg_binary(out, type, cell, check_utf8)) return "<refused>";
  REQUIRE(out.size() >= 4);
  std::uint64_t length = 0;
  for (int i = 0; i < 4; ++i)
    length = (length << 8U) | static_cast<unsigned char>(out[static_cast<std::size_t>(i)]);
  REQUIRE(length == out.size() - 4);
  std::uint64_t value = 0;
  for (std::size_t i = 4; i < out.size() && out.size() <= 12; ++i)
    value = (value << 8U) | static_cast<unsigned char>(out[i]);
  switch (type) {
  case PgType::bigint:
  case PgType::timestamp:
  case PgType::timestamptz:
    REQUIRE(length == 8);
    return std::to_string(static_cast<std::int64_t>(value));
  case PgType::date:
    REQUIRE(length == 4);
    return std::to_string(static_cast<std::int32_t>(static_cast<std::uint32_t>(value)));
  case PgType::double_precision: {
    REQUIRE(length == 8);
    std::ostringstream text;
    text.precision(17);
    text << std::bit_cast<double>(value);
    return text.str();
  }
  case PgType::boolean:
    REQUIRE(length == 1);
    return value == 1 ? "t" : "f";
  case PgType::text:
    return out.substr(4);
  }
  return "?";
}

csv::ColumnProfile datetime_column(std::string min, std::string max) {
  csv::ColumnProfile column;
  column.type = csv::ColumnType::datetime;
  column.min.kind = csv::Bound::Kind::text;
  column.min.text = std::move(min);
  column.max.kind = csv::Bound::Kind::text;
  column.max.text = std::move(max);
  return column;
}

} // namespace

TEST_CASE("COPY binary framing: header, field counts, NULLs, the trailer") {
  CHECK(load::pg_binary_header() == std::string_view("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19));
  std::string out;
  load::append_pg_field_count(out, 3);
  load::append_pg_null(out);
  load::append_pg_int4(out, 7);
  load::append_pg_date(out, 20000102);
  load::append_pg_binary_trailer(out);
  CHECK(out == std::string("\0\3\xff\xff\xff\xff\0\0\0\4\0\0\0\7\0\0\0\4\0\0\0\1\xff\xff", 24));
  CHECK(load::pg_days(20000101) == 0);
  CHECK(load::pg_days(19991231) == -1);
  CHECK(load::pg_days(20240229) == 8825);
  CHECK(load::pg_days(10101) == -730119); // year 1
}

TEST_CASE("profiled types map to PostgreSQL types") {
  csv::ColumnProfile column;
  column.type = csv::ColumnType::integer;
  CHECK(load::pg_type_name(load::pg_type_for(column)) == "bigint");
  column.type = csv::ColumnType::number;
  CHECK(load::pg_type_name(load::pg_type_for(column)) == "double precision");
  column.type = csv::ColumnType::boolean;
  CHECK(load::pg_type_for(column) == PgType::boolean);
  column.type = csv::ColumnType::date;
  CHECK(load::pg_type_for(column) == PgType::date);
  column.type = csv::ColumnType::string;
  CHECK(load::pg_type_for(column) == PgType::text);
  CHECK(load::pg_type_for(datetime_column("2024-01-01 00:00:00", "2024-05-01T10:00")) == PgType::timestamp);
  CHECK(load::pg_type_name(load::pg_type_for(datetime_column("2024-01-01T00:00:00Z", "2024-05-01T10:00:00Z"))) ==
        "timestamp with time zone");
  CHECK(load::pg_type_for(datetime_column("2024-01-01 00:00", "2024-05-01 10:00:00+03:00")) == PgType::timestamptz);
}

TEST_CASE("integers and numbers are checked with the scanner's grammar and sent as int8 and float8") {
  CHECK(converted(PgType::bigint, "-42") == "-42");
  CHECK(converted(PgType::bigint, "+7") == "<refused>");
  CHECK(converted(PgType::bigint, "-9223372036854775808") == "-9223372036854775808");
  CHECK(converted(PgType::bigint, "9223372036854775808") == "<refused>");
  CHECK(converted(PgType::bigint, "1.5") == "<refused>");
  CHECK(converted(PgType::double_precision, "1500") == "1500");
  CHECK(converted(PgType::double_precision, "-0.5") == "-0.5");
  CHECK(converted(PgType::double_precision, "0.1") == "0.10000000000000001");
  CHECK(converted(PgType::double_precision, "inf") == "<refused>");
  CHECK(converted(PgType::double_precision, "NaN") == "<refused>");
  CHECK(converted(PgType::double_precision, "1e400") == "<refused>");
}

TEST_CASE("booleans are true and false in any letter case") {
  CHECK(converted(PgType::boolean, "TRUE") == "t");
  CHECK(converted(PgType::boolean, "false") == "f");
  CHECK(converted(PgType::boolean, "fAlSe") == "f");
  CHECK(converted(PgType::boolean, "yes") == "<refused>");
  CHECK(converted(PgType::boolean, "1") == "<refused>");
  CHECK(converted(PgType::boolean, "truex") == "<refused>");
}

TEST_CASE("dates are days from 2000-01-01; DD/MM/YYYY is read, impossible days are refused") {
  CHECK(converted(PgType::date, "2024-02-29") == "8825");
  CHECK(converted(PgType::date, "31/12/2023") == "8765");
  CHECK(converted(PgType::date, "2000-01-01") == "0");
  CHECK(converted(PgType::date, "2023-02-29") == "<refused>");
  CHECK(converted(PgType::date, "32/01/2024") == "<refused>");
  CHECK(converted(PgType::date, "0000-01-01") == "<refused>");
  CHECK(converted(PgType::date, "2024-01-01 10:00") == "<refused>");
  CHECK(converted(PgType::date, "yesterday") == "<refused>");
}

TEST_CASE("datetimes are microseconds from 2000-01-01 as PostgreSQL reads them; the zone must match") {
  CHECK(converted(PgType::timestamp, "2024-01-02 03:04:05") == "757479845000000");
  CHECK(converted(PgType::timestamp, "2024-01-02T03:04:05,25") == "757479845250000");
  CHECK(converted(PgType::timestamp, "2024-01-02T03:04:05.1234567") == "757479845123457"); // rint
  CHECK(converted(PgType::timestamp, "2024-12-31 23:59:60") == "789004800000000");         // next minute
  CHECK(converted(PgType::timestamp, "2024-01-02T03:04:05Z") == "<refused>");
  CHECK(converted(PgType::timestamptz, "2024-01-02T03:04:05+02") == "757472645000000");
  CHECK(converted(PgType::timestamptz, "2024-01-02 03:04:05.25-03:30") == "757492445250000");
  CHECK(converted(PgType::timestamptz, "2024-01-02T03:04:05Z") == "757479845000000");
  CHECK(converted(PgType::timestamptz, "2024-01-02T05:34:05+0230") == "757479845000000");
  CHECK(converted(PgType::timestamptz, "2024-01-02T03:04:05") == "<refused>");
  CHECK(converted(PgType::timestamp, "2024-13-02 03:04") == "<refused>");
  CHECK(converted(PgType::timestamp, "2024-01-02") == "<refused>");
}

TEST_CASE("text goes as its bytes; a NUL byte or (when asked) invalid UTF-8 is refused") {
  CHECK(converted(PgType::text, "a\tb\\n") == "a\tb\\n");
  CHECK(converted(PgType::text, "") == "");
  CHECK(converted(PgType::text, std::string_view("a\0b", 3)) == "<refused>");
  CHECK(converted(PgType::bigint, "007") == "<refused>");
  CHECK(converted(PgType::double_precision, "1e5") == "<refused>");
  CHECK(converted(PgType::text, "\xff\xfe") == "\xff\xfe");
  CHECK(converted(PgType::text, "\xff\xfe", true) == "<refused>");
  CHECK(converted(PgType::text, "חלב", true) == "חלב");
}

TEST_CASE("identifiers fit PostgreSQL's 63 bytes on a UTF-8 boundary and stay unique") {
  std::set<std::string> used;
  const std::string long_name(70, 'a');
  const std::string first = load::fit_identifier(long_name, used);
  CHECK(first.size() == 63);
  CHECK(first.starts_with(std::string(54, 'a') + "_"));
  CHECK(load::fit_identifier(long_name, used) == first.substr(0, 61) + "_2");
  const std::string other = load::fit_identifier(long_name + "b", used); // another hash: no suffix needed
  CHECK(other.size() == 63);
  CHECK(other != first);
  std::string hebrew;
  for (int i = 0; i < 40; ++i)
    hebrew += "ש"; // 80 bytes
  const std::string cut = load::fit_identifier(hebrew, used);
  CHECK(cut.size() == 54 + 9);
  CHECK(cut.starts_with(hebrew.substr(0, 54)));
  // Two long Hebrew names sharing their first 54 bytes stay distinct in either order.
  std::set<std::string> one;
  std::set<std::string> two;
  CHECK(load::fit_identifier(hebrew + "א", one) == load::fit_identifier(hebrew + "א", two));
  CHECK(load::fit_identifier(hebrew + "ב", one) != load::fit_identifier(hebrew + "א", one));
  CHECK(load::fit_identifier("Price", used) == "Price");
  CHECK(load::fit_identifier("price", used) == "price_2");
}

TEST_CASE("schemas come from the dataset ref; columns avoid _day and _version") {
  CHECK(load::pg_schema_name("erlichsefi/israeli-supermarkets-2024") == "erlichsefi__israeli_supermarkets_2024");
  CHECK(load::pg_schema_name("PG_admin/x.y") == "s_pg_admin__x_y");
  CHECK(load::pg_schema_name(std::string(40, 'o') + "/" + std::string(40, 's')).size() == 63);
  CHECK(load::pg_column_names({"id", "", "_day", "ID", " ", "_version"}) ==
        std::vector<std::string>{"id", "field_2", "_day_2", "ID_2", "field_5", "_version_2"});
}

TEST_CASE("a column not spelled as PostgreSQL prints its type stays text (lossless)") {
  csv::ColumnProfile column;
  column.type = csv::ColumnType::date;
  CHECK(load::pg_type_for(column) == PgType::date);
  column.canonical = false;
  CHECK(load::pg_type_for(column) == PgType::text);
  column.type = csv::ColumnType::boolean;
  CHECK(load::pg_type_for(column) == PgType::text);
}
