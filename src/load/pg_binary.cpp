#include "load/pg_binary.hpp"

#include "csv/column_stats.hpp"
#include "load/cell_value.hpp"
#include "util/utf8.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

namespace fk::load {

namespace {

constexpr std::int64_t k_micros_per_second = 1'000'000;
constexpr std::int64_t k_seconds_per_day = 86'400;

void put_be(std::string& out, std::uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out += static_cast<char>((value >> shift) & 0xFFU);
}

void put_field(std::string& out, std::uint64_t value, int bytes) {
  put_be(out, static_cast<std::uint32_t>(bytes), 4);
  put_be(out, value, bytes);
}

int digits(std::string_view text, std::size_t at, std::size_t count) noexcept {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i)
    value = value * 10 + (text[i] - '0');
  return value;
}

// Return the days from 1970-01-01 to the civil day y-m-d (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned month_from_march = m > 2 ? m - 3 : m + 9;
  const unsigned doy = (153 * month_from_march + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_type(std::string_view cell, csv::ColumnType type, csv::ValueClass& parsed) noexcept {
  return (csv::classify_value(cell, parsed) & csv::type_bit(type)) != 0 && parsed.date >= 10000;
}

// Return the zone's offset from UTC in seconds: Z, +HH, +HHMM or +HH:MM (and the same with '-').
std::int64_t zone_seconds(std::string_view zone) noexcept {
  if (zone.empty() || zone[0] == 'Z') return 0;
  const std::int64_t sign = zone[0] == '-' ? -1 : 1;
  const int hours = digits(zone, 1, 2);
  const int minutes = zone.size() == 5 ? digits(zone, 3, 2) : zone.size() == 6 ? digits(zone, 4, 2) : 0;
  return sign * (hours * 3600 + minutes * 60);
}

} // namespace

std::string_view pg_binary_header() noexcept {
  static constexpr char k_header[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
  return {k_header, 19};
}

void append_pg_binary_trailer(std::string& out) {
  put_be(out, 0xFFFFU, 2);
}

void append_pg_field_count(std::string& out, std::uint16_t fields) {
  put_be(out, fields, 2);
}

void append_pg_null(std::string& out) {
  put_be(out, 0xFFFFFFFFU, 4);
}

void append_pg_int4(std::string& out, std::int32_t value) {
  put_field(out, static_cast<std::uint32_t>(value), 4);
}

std::int32_t pg_days(std::int32_t yyyymmdd) noexcept {
  const std::int64_t days = days_from_civil(yyyymmdd / 10000, static_cast<unsigned>(yyyymmdd / 100 % 100),
                                            static_cast<unsigned>(yyyymmdd % 100)) -
                            days_from_civil(2000, 1, 1);
  return static_cast<std::int32_t>(days);
}

void append_pg_date(std::string& out, std::int32_t yyyymmdd) {
  put_field(out, static_cast<std::uint32_t>(pg_days(yyyymmdd)), 4);
}

std::optional<std::int64_t> pg_timestamp_micros(std::string_view text) noexcept {
  csv::ValueClass parsed;
  if (!is_type(text, csv::ColumnType::datetime, parsed)) return std::nullopt;
  // The scanner checked the shape: YYYY-MM-DD?HH:MM, then [:SS[.fraction]], then the zone.
  std::int64_t seconds = static_cast<std::int64_t>(digits(text, 11, 2)) * 3600 + digits(text, 14, 2) * 60;
  std::size_t at = 16;
  std::int64_t fraction = 0;
  if (at < text.size() && text[at] == ':') {
    seconds += digits(text, at + 1, 2);
    at += 3;
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
      std::size_t end = at + 1;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9')
        ++end;
      std::string decimal = "0." + std::string(text.substr(at + 1, end - at - 1));
      double value = 0.0;
      std::from_chars(decimal.data(), decimal.data() + decimal.size(), value);
      fraction = static_cast<std::int64_t>(std::rint(value * static_cast<double>(k_micros_per_second)));
      at = end;
    }
  }
  seconds -= zone_seconds(text.substr(at));
  const std::int64_t days = pg_days(parsed.date);
  return (days * k_seconds_per_day + seconds) * k_micros_per_second + fraction;
}

bool append_pg_binary(std::string& out, PgType type, std::string_view cell, bool check_utf8) {
  switch (type) {
  case PgType::bigint: {
    const auto value = parse_integer(cell);
    if (!value) return false;
    put_field(out, static_cast<std::uint64_t>(*value), 8);
    return true;
  }
  case PgType::double_precision: {
    const auto value = parse_number(cell);
    if (!value) return false;
    put_field(out, std::bit_cast<std::uint64_t>(*value), 8);
    return true;
  }
  case PgType::boolean: {
    const bool yes = cell.size() == 4 && (cell[0] | 0x20) == 't' && (cell[1] | 0x20) == 'r' &&
                     (cell[2] | 0x20) == 'u' && (cell[3] | 0x20) == 'e';
    const bool no = cell.size() == 5 && (cell[0] | 0x20) == 'f' && (cell[1] | 0x20) == 'a' && (cell[2] | 0x20) == 'l' &&
                    (cell[3] | 0x20) == 's' && (cell[4] | 0x20) == 'e';
    if (!yes && !no) return false;
    put_field(out, yes ? 1 : 0, 1);
    return true;
  }
  case PgType::date: {
    csv::ValueClass parsed;
    if (cell.size() != 10 || !is_type(cell, csv::ColumnType::date, parsed)) return false;
    append_pg_date(out, parsed.date);
    return true;
  }
  case PgType::timestamp:
  case PgType::timestamptz: {
    if (pg_has_zone(cell) != (type == PgType::timestamptz)) return false;
    const auto micros = pg_timestamp_micros(cell);
    if (!micros) return false;
    put_field(out, static_cast<std::uint64_t>(*micros), 8);
    return true;
  }
  case PgType::text:
    if (std::memchr(cell.data(), '\0', cell.size()) != nullptr) return false;
    if (check_utf8 && !util::is_valid_utf8(cell)) return false;
    put_be(out, static_cast<std::uint32_t>(cell.size()), 4);
    out.append(cell);
    return true;
  }
  return false;
}

} // namespace fk::load
