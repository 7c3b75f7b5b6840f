#pragma once

#include "csv/profile.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace fk::load {

// Name the SQLite storage class a column gets.
enum class SqlType : std::uint8_t { integer, real, text };

// Map an inferred column type to SQLite: integer -> INTEGER, number -> REAL, everything else
// (boolean, date, datetime, string) -> TEXT, kept exactly as written.
SqlType sql_type_for(csv::ColumnType type) noexcept;

// Return "INTEGER", "REAL" or "TEXT".
std::string_view sql_type_name(SqlType type) noexcept;

// Parse `text` as the scanner's integer, [+-]?digits; nullopt when it is not one or overflows.
std::optional<std::int64_t> parse_integer(std::string_view text) noexcept;

// Parse `text` as the scanner's number, [+-]?(digits[.digits]|.digits)([eE][+-]?digits)?.
std::optional<double> parse_number(std::string_view text) noexcept;

} // namespace fk::load
