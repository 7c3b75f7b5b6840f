#include "load/cell_value.hpp"

#include <catch2/catch.hpp>

using namespace fk;

TEST_CASE("column types map to SQLite storage classes") {
  CHECK(load::sql_type_for(csv::ColumnType::integer) == load::SqlType::integer);
  CHECK(load::sql_type_for(csv::ColumnType::number) == load::SqlType::real);
  CHECK(load::sql_type_for(csv::ColumnType::datetime) == load::SqlType::text);
  CHECK(load::sql_type_for(csv::ColumnType::boolean) == load::SqlType::text);
  CHECK(load::sql_type_name(load::SqlType::real) == "REAL");
}

TEST_CASE("integers parse only when they read back as written") {
  CHECK(load::parse_integer("42") == 42);
  CHECK(load::parse_integer("0") == 0);
  CHECK_FALSE(load::parse_integer("+7"));
  CHECK_FALSE(load::parse_integer("007"));
  CHECK_FALSE(load::parse_integer("-0"));
  CHECK(load::parse_integer("-9223372036854775808") == INT64_MIN);
  CHECK_FALSE(load::parse_integer("9223372036854775808"));
  CHECK_FALSE(load::parse_integer("1.5"));
  CHECK_FALSE(load::parse_integer("abc"));
  CHECK_FALSE(load::parse_integer("-"));
  CHECK_FALSE(load::parse_integer(" 1"));
}

TEST_CASE("numbers parse only when they read back as written, and reject inf and nan") {
  CHECK(load::parse_number("3.25") == 3.25);
  CHECK(load::parse_number("-0.5") == -0.5);
  CHECK(load::parse_number("12") == 12.0);
  CHECK_FALSE(load::parse_number("-.5"));
  CHECK_FALSE(load::parse_number("+1e3"));
  CHECK_FALSE(load::parse_number("1.50"));
  CHECK_FALSE(load::parse_number("0.10000000000000001"));
  CHECK_FALSE(load::parse_number("inf"));
  CHECK_FALSE(load::parse_number("nan"));
  CHECK_FALSE(load::parse_number("--1"));
  CHECK_FALSE(load::parse_number("1.2.3"));
  CHECK_FALSE(load::parse_number(""));
}
