#include "csv/scanner.hpp"
#include "load/pg_values.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using load::PgType;

namespace {

// Return the COPY text of `cell` as `type`, or "<refused>".
std::string converted(PgType type, std::string_view cell, bool check_utf8 = false) {
  std::string out;
  return load::append_pg_value(out, type, cell, check_utf8) ? out : "<refused>";
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

TEST_CASE("COPY text format escapes backslash, tab, newline and CR, nothing else") {
  std::string out = "x";
  load::append_copy_text(out, "a\\b\tc\nd\re,\"f'\\N");
  CHECK(out == "xa\\\\b\\tc\\nd\\re,\"f'\\\\N");
  out.clear();
  load::append_copy_text(out, "שלום, עולם");
  CHECK(out == "שלום, עולם");
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

TEST_CASE("integers and numbers are checked with the scanner's grammar and sent as written") {
  CHECK(converted(PgType::bigint, "-42") == "-42");
  CHECK(converted(PgType::bigint, "+7") == "+7");
  CHECK(converted(PgType::bigint, "9223372036854775808") == "<refused>");
  CHECK(converted(PgType::bigint, "1.5") == "<refused>");
  CHECK(converted(PgType::double_precision, "1.5e3") == "1.5e3");
  CHECK(converted(PgType::double_precision, "-.5") == "-.5");
  CHECK(converted(PgType::double_precision, "inf") == "<refused>");
  CHECK(converted(PgType::double_precision, "NaN") == "<refused>");
  CHECK(converted(PgType::double_precision, "1e400") == "<refused>");
}

TEST_CASE("booleans become t and f in any letter case") {
  CHECK(converted(PgType::boolean, "TRUE") == "t");
  CHECK(converted(PgType::boolean, "false") == "f");
  CHECK(converted(PgType::boolean, "yes") == "<refused>");
  CHECK(converted(PgType::boolean, "1") == "<refused>");
}

TEST_CASE("dates are sent as YYYY-MM-DD; DD/MM/YYYY is converted, impossible days are refused") {
  CHECK(converted(PgType::date, "2024-02-29") == "2024-02-29");
  CHECK(converted(PgType::date, "31/12/2023") == "2023-12-31");
  CHECK(converted(PgType::date, "05/01/2024") == "2024-01-05");
  CHECK(converted(PgType::date, "2023-02-29") == "<refused>");
  CHECK(converted(PgType::date, "32/01/2024") == "<refused>");
  CHECK(converted(PgType::date, "0000-01-01") == "<refused>");
  CHECK(converted(PgType::date, "2024-01-01 10:00") == "<refused>");
  CHECK(converted(PgType::date, "yesterday") == "<refused>");
}

TEST_CASE("datetimes keep their text; the zone must match the column's kind") {
  CHECK(converted(PgType::timestamp, "2024-01-02 03:04:05") == "2024-01-02 03:04:05");
  CHECK(converted(PgType::timestamp, "2024-01-02T03:04:05,25") == "2024-01-02T03:04:05.25");
  CHECK(converted(PgType::timestamp, "2024-01-02T03:04:05Z") == "<refused>");
  CHECK(converted(PgType::timestamptz, "2024-01-02T03:04:05+02:00") == "2024-01-02T03:04:05+02:00");
  CHECK(converted(PgType::timestamptz, "2024-01-02T03:04:05-0500") == "2024-01-02T03:04:05-0500");
  CHECK(converted(PgType::timestamptz, "2024-01-02T03:04:05") == "<refused>");
  CHECK(converted(PgType::timestamp, "2024-13-02 03:04") == "<refused>");
  CHECK(converted(PgType::timestamp, "2024-01-02") == "<refused>");
}

TEST_CASE("text is escaped; a NUL byte or (when asked) invalid UTF-8 is refused") {
  CHECK(converted(PgType::text, "a\tb") == "a\\tb");
  CHECK(converted(PgType::text, std::string_view("a\0b", 3)) == "<refused>");
  CHECK(converted(PgType::text, "\xff\xfe") == "\xff\xfe");
  CHECK(converted(PgType::text, "\xff\xfe", true) == "<refused>");
  CHECK(converted(PgType::text, "חלב", true) == "חלב");
}

TEST_CASE("identifiers fit PostgreSQL's 63 bytes on a UTF-8 boundary and stay unique") {
  std::set<std::string> used;
  const std::string long_name(70, 'a');
  CHECK(load::fit_identifier(long_name, used) == std::string(63, 'a'));
  CHECK(load::fit_identifier(long_name, used) == std::string(61, 'a') + "_2");
  CHECK(load::fit_identifier(long_name + "b", used) == std::string(61, 'a') + "_3");
  std::string hebrew;
  for (int i = 0; i < 40; ++i) hebrew += "ש"; // 80 bytes
  CHECK(load::fit_identifier(hebrew, used).size() == 62);
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
