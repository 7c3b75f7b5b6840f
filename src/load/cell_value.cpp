#include "load/cell_value.hpp"

#include "csv/column_stats.hpp"

namespace fk::load {

SqlType sql_type_for(csv::ColumnType type) noexcept {
  switch (type) {
  case csv::ColumnType::integer:
    return SqlType::integer;
  case csv::ColumnType::number:
    return SqlType::real;
  default:
    return SqlType::text;
  }
}

std::string_view sql_type_name(SqlType type) noexcept {
  switch (type) {
  case SqlType::integer:
    return "INTEGER";
  case SqlType::real:
    return "REAL";
  default:
    return "TEXT";
  }
}

std::optional<std::int64_t> parse_integer(std::string_view text) noexcept {
  csv::ValueClass parsed;
  if ((csv::classify_value(text, parsed) & csv::type_bit(csv::ColumnType::integer)) == 0) return std::nullopt;
  return parsed.integer;
}

std::optional<double> parse_number(std::string_view text) noexcept {
  csv::ValueClass parsed;
  if ((csv::classify_value(text, parsed) & csv::type_bit(csv::ColumnType::number)) == 0) return std::nullopt;
  return parsed.number;
}

} // namespace fk::load
