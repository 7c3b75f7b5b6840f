#pragma once

#include "csv/profile.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace fk::load {

// Describe an integer column's values in rejection reasons.
inline constexpr std::string_view k_exact_integer =
    "an integer that reads back as written (-?(0|[1-9][0-9]*) within 64 bits: no '+', no leading zero)";

// Describe a number column's values in rejection reasons.
inline constexpr std::string_view k_exact_number =
    "a number that reads back as written (its shortest decimal: no exponent, '+', leading or trailing zero)";

// Name the SQLite storage class a column gets.
enum class SqlType : std::uint8_t { integer, real, text };

// Map an inferred column type to SQLite: integer -> INTEGER, number -> REAL, everything else
// (boolean, date, datetime, string) -> TEXT, kept exactly as written.
SqlType sql_type_for(csv::ColumnType type) noexcept;

// Return "INTEGER", "REAL" or "TEXT".
std::string_view sql_type_name(SqlType type) noexcept;

// Parse `text` as an integer that reads back as written (csv::classify_value): -?(0|[1-9]digits)
// within int64; nullopt otherwise ("+7", "007", "-0", 2^63 are not).
std::optional<std::int64_t> parse_integer(std::string_view text) noexcept;

// Parse `text` as a number that reads back as written: the text is csv::render_number of its double
// ("1.5", "100", "0.001"; not "1.50", "1e3", ".5", "+1", "-0", 0.1234567890123456789).
std::optional<double> parse_number(std::string_view text) noexcept;

} // namespace fk::load
