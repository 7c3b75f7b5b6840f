#include "load/cell_value.hpp"

#include <charconv>

namespace fk::load {

namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

} // namespace

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
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || !is_digit(text.front())) return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), magnitude);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  constexpr std::uint64_t k_max = static_cast<std::uint64_t>(INT64_MAX);
  if (magnitude > k_max + (negative ? 1U : 0U)) return std::nullopt;
  if (negative) return magnitude == k_max + 1U ? INT64_MIN : -static_cast<std::int64_t>(magnitude);
  return static_cast<std::int64_t>(magnitude);
}

std::optional<double> parse_number(std::string_view text) noexcept {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    const bool negative = text.front() == '-';
    text.remove_prefix(1);
    const auto value = parse_number(text);
    if (!value || text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
    return negative ? -*value : *value;
  }
  if (text.empty() || !(is_digit(text.front()) || text.front() == '.')) return std::nullopt;
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

} // namespace fk::load
