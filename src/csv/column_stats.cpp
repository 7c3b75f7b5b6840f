#include "csv/column_stats.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

namespace fk::csv {

namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

constexpr int digit(char c) noexcept { return c - '0'; }

// Parse exactly `count` digits at `p` into `out`; return false if any is not a digit.
bool parse_digits(const char* p, int count, int& out) noexcept {
  int value = 0;
  for (int i = 0; i < count; ++i) {
    if (!is_digit(p[i])) return false;
    value = value * 10 + digit(p[i]);
  }
  out = value;
  return true;
}

bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool is_calendar_day(int year, int month, int day) noexcept {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int days = (month == 2 && is_leap_year(year)) ? 29 : k_days[month - 1];
  return day <= days;
}

// Parse YYYY-MM-DD at the start of `v` (at least 10 bytes) into YYYYMMDD.
bool parse_iso_date(std::string_view v, std::int32_t& key) noexcept {
  int year = 0;
  int month = 0;
  int day = 0;
  if (v[4] != '-' || v[7] != '-') return false;
  if (!parse_digits(v.data(), 4, year) || !parse_digits(v.data() + 5, 2, month) ||
      !parse_digits(v.data() + 8, 2, day) || !is_calendar_day(year, month, day)) {
    return false;
  }
  key = year * 10000 + month * 100 + day;
  return true;
}

// Parse DD/MM/YYYY (exactly 10 bytes) into YYYYMMDD.
bool parse_dmy_date(std::string_view v, std::int32_t& key) noexcept {
  int year = 0;
  int month = 0;
  int day = 0;
  if (v[2] != '/' || v[5] != '/') return false;
  if (!parse_digits(v.data(), 2, day) || !parse_digits(v.data() + 3, 2, month) ||
      !parse_digits(v.data() + 6, 4, year) || !is_calendar_day(year, month, day)) {
    return false;
  }
  key = year * 10000 + month * 100 + day;
  return true;
}

// Return true when `t` is HH:MM[:SS[.fraction]] followed by an optional zone designator.
bool is_iso_time(std::string_view t) noexcept {
  int hour = 0;
  int minute = 0;
  if (t.size() < 5 || t[2] != ':' || !parse_digits(t.data(), 2, hour) ||
      !parse_digits(t.data() + 3, 2, minute) || hour > 23 || minute > 59) {
    return false;
  }
  std::size_t i = 5;
  if (i < t.size() && t[i] == ':') {
    int second = 0;
    if (t.size() < i + 3 || !parse_digits(t.data() + i + 1, 2, second) || second > 60) return false;
    i += 3;
    if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
      const std::size_t start = ++i;
      while (i < t.size() && is_digit(t[i])) ++i;
      if (i == start) return false;
    }
  }
  if (i == t.size()) return true;
  if (t[i] == 'Z') return i + 1 == t.size();
  if (t[i] != '+' && t[i] != '-') return false;
  const std::string_view zone = t.substr(i + 1);
  int zone_hour = 0;
  int zone_minute = 0;
  if (zone.size() == 2) return parse_digits(zone.data(), 2, zone_hour) && zone_hour <= 23;
  if (zone.size() == 4) {
    return parse_digits(zone.data(), 2, zone_hour) && parse_digits(zone.data() + 2, 2, zone_minute) &&
           zone_hour <= 23 && zone_minute <= 59;
  }
  return zone.size() == 5 && zone[2] == ':' && parse_digits(zone.data(), 2, zone_hour) &&
         parse_digits(zone.data() + 3, 2, zone_minute) && zone_hour <= 23 && zone_minute <= 59;
}

// Render `value` (finite) into `out` by render_number's rule without allocating; return the length.
std::size_t render_number_into(std::array<char, k_rendered_max>& out, double value) noexcept {
  std::array<char, 40> sci{}; // shortest digits in scientific form: -d.ddddde-308 at most
  const auto printed = std::to_chars(sci.data(), sci.data() + sci.size(), value, std::chars_format::scientific);
  const std::string_view text(sci.data(), static_cast<std::size_t>(printed.ptr - sci.data()));
  const std::size_t e = text.find('e');
  std::size_t length = 0;
  std::size_t at = 0;
  if (text[0] == '-') {
    out[length++] = '-';
    at = 1;
  }
  std::array<char, 24> digits{};
  long count = 0;
  for (std::size_t k = at; k < e; ++k) {
    if (text[k] != '.') digits[static_cast<std::size_t>(count++)] = text[k];
  }
  int exponent = 0;
  const char* exp_begin = text.data() + e + 1;
  if (*exp_begin == '+') ++exp_begin;
  std::from_chars(exp_begin, text.data() + text.size(), exponent);
  const long point = exponent + 1L; // digits before the decimal point
  const auto put = [&](char c) { out[length++] = c; };
  if (point <= 0) {
    put('0');
    put('.');
    for (long k = 0; k < -point; ++k) put('0');
    for (long k = 0; k < count; ++k) put(digits[static_cast<std::size_t>(k)]);
  } else {
    for (long k = 0; k < std::max(point, count); ++k) {
      if (k == point) put('.');
      put(k < count ? digits[static_cast<std::size_t>(k)] : '0');
    }
  }
  return length;
}

// Classify a value that starts like a number or a date.
std::uint8_t classify_numeric(std::string_view v, ValueClass& out) noexcept {
  const std::size_t n = v.size();
  if (n >= 10 && is_digit(v[0])) {
    if (v[4] == '-') {
      if (!parse_iso_date(v, out.date)) return 0;
      if (n == 10) return type_bit(ColumnType::date);
      if (n >= 16 && (v[10] == 'T' || v[10] == ' ') && is_iso_time(v.substr(11))) {
        return type_bit(ColumnType::datetime);
      }
      return 0;
    }
    if (v[2] == '/') return (n == 10 && parse_dmy_date(v, out.date)) ? type_bit(ColumnType::date) : 0;
  }
  std::size_t i = 0;
  const bool negative = v[0] == '-';
  if (v[0] == '-' || v[0] == '+') ++i;
  const std::size_t int_start = i;
  std::uint64_t magnitude = 0;
  while (i < n && is_digit(v[i]) && i - int_start < 19) {
    magnitude = magnitude * 10 + static_cast<std::uint64_t>(digit(v[i]));
    ++i;
  }
  while (i < n && is_digit(v[i])) ++i; // beyond 19 digits: never an int64, the magnitude is unused
  const std::size_t int_digits = i - int_start;
  // Canonical: no '+', no leading zero (but "0"), no "-0"; only such text reads back as written.
  const bool canonical_start = v[0] != '+' && int_digits > 0 && (int_digits == 1 || v[int_start] != '0');
  if (i == n) {
    if (int_digits == 0) return 0;
    std::uint8_t types = 0;
    constexpr auto k_max = static_cast<std::uint64_t>(INT64_MAX);
    if (canonical_start && int_digits <= 19 && magnitude <= k_max + (negative ? 1U : 0U) &&
        !(negative && magnitude == 0)) {
      out.integer = negative ? static_cast<std::int64_t>(0U - magnitude) : static_cast<std::int64_t>(magnitude);
      types = type_bit(ColumnType::integer);
    }
    if (int_digits <= 15) { // exact in a double, and the text is its shortest form when canonical
      out.number = negative ? -static_cast<double>(magnitude) : static_cast<double>(magnitude);
      if (canonical_start && !(negative && magnitude == 0)) {
        types = static_cast<std::uint8_t>(types | type_bit(ColumnType::number));
      }
      return types;
    }
    double number = 0.0;
    const auto parsed = std::from_chars(v.data() + int_start, v.data() + n, number);
    if (parsed.ec == std::errc() && std::isfinite(number)) {
      out.number = negative ? -number : number;
      if (canonical_start && is_exact_number(v, out.number)) {
        types = static_cast<std::uint8_t>(types | type_bit(ColumnType::number));
      }
    }
    return types;
  }
  std::size_t frac_digits = 0;
  bool frac_trailing_zero = false;
  if (v[i] == '.') {
    const std::size_t frac_start = ++i;
    while (i < n && is_digit(v[i])) {
      magnitude = magnitude * 10 + static_cast<std::uint64_t>(digit(v[i])); // used only up to 15 digits in all
      ++i;
    }
    frac_digits = i - frac_start;
    frac_trailing_zero = frac_digits == 0 || v[i - 1] == '0';
  }
  if (int_digits + frac_digits == 0) return 0;
  bool has_exponent = false;
  if (i < n && (v[i] == 'e' || v[i] == 'E')) {
    has_exponent = true;
    ++i;
    if (i < n && (v[i] == '-' || v[i] == '+')) ++i;
    const std::size_t exp_start = i;
    while (i < n && is_digit(v[i])) ++i;
    if (i == exp_start) return 0;
  }
  if (i != n) return 0;
  if (!has_exponent && int_digits + frac_digits <= 15) {
    // Exact fast path: both operands are exact doubles, so one division rounds correctly.
    static constexpr double k_powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const double number = static_cast<double>(magnitude) / k_powers[frac_digits];
    out.number = negative ? -number : number;
    if (!canonical_start || frac_trailing_zero) return 0;
    return type_bit(ColumnType::number); // 15 digits at most: the text is its double's shortest form
  }
  double number = 0.0;
  const auto parsed = std::from_chars(v.data() + int_start, v.data() + n, number);
  if (parsed.ec != std::errc() || !std::isfinite(number)) return 0;
  out.number = negative ? -number : number;
  // Beyond 15 digits the text may hold more precision than its double: render and compare.
  if (!canonical_start || has_exponent || frac_trailing_zero || !is_exact_number(v, out.number)) return 0;
  return type_bit(ColumnType::number);
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) noexcept {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = (text[i] >= 'A' && text[i] <= 'Z') ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// Return the number of Unicode code points in `text` (bytes that are not continuation bytes).
std::uint64_t count_chars(std::string_view text) noexcept {
  // Eight bytes at a time: a continuation byte is the one whose top two bits are 10.
  constexpr std::uint64_t k_high = 0x8080808080808080ULL;
  std::uint64_t continuations = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, sizeof word);
    const std::uint64_t marks = (word & ~(word << 1U) & k_high) >> 7U; // 1 in each continuation byte
    continuations += (marks * 0x0101010101010101ULL) >> 56U;            // the sum of the eight bytes
  }
  for (; i < text.size(); ++i) continuations += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80 ? 1U : 0U;
  return text.size() - continuations;
}

std::string iso_date(std::int32_t key) {
  char text[16];
  const int year = key / 10000;
  const int month = key / 100 % 100;
  const int day = key % 100;
  text[0] = static_cast<char>('0' + year / 1000 % 10);
  text[1] = static_cast<char>('0' + year / 100 % 10);
  text[2] = static_cast<char>('0' + year / 10 % 10);
  text[3] = static_cast<char>('0' + year % 10);
  text[4] = '-';
  text[5] = static_cast<char>('0' + month / 10);
  text[6] = static_cast<char>('0' + month % 10);
  text[7] = '-';
  text[8] = static_cast<char>('0' + day / 10);
  text[9] = static_cast<char>('0' + day % 10);
  return std::string(text, 10);
}

Bound integer_bound(std::int64_t value) {
  Bound bound;
  bound.kind = Bound::Kind::integer;
  bound.integer = value;
  return bound;
}

Bound number_bound(double value) {
  Bound bound;
  bound.kind = Bound::Kind::number;
  bound.number = value;
  return bound;
}

Bound text_bound(std::string text) {
  Bound bound;
  bound.kind = Bound::Kind::text;
  bound.text = std::move(text);
  return bound;
}

} // namespace

bool is_canonical(std::string_view v, ColumnType type) noexcept {
  switch (type) {
  case ColumnType::boolean: return v == "true" || v == "false";
  case ColumnType::date: return v.size() == 10 && v[4] == '-';
  case ColumnType::datetime: {
    if (v.size() < 19 || v[10] != ' ' || v[16] != ':' || v[17] > '5') return false;
    if (v.size() == 19) return true;
    const std::size_t fraction = v.size() - 20;
    if (v[19] != '.' || fraction < 1 || fraction > 6 || v.back() == '0') return false;
    return std::all_of(v.begin() + 20, v.end(), is_digit);
  }
  case ColumnType::integer:
  case ColumnType::number:
  case ColumnType::string: return true;
  }
  return true;
}

std::string render_number(double value) {
  std::array<char, k_rendered_max> buffer{};
  return std::string(buffer.data(), render_number_into(buffer, value));
}

bool is_exact_number(std::string_view text, double value) noexcept {
  if (!std::isfinite(value) || (value == 0.0 && std::signbit(value))) return false; // SQLite keeps no -0
  if (text.size() > k_rendered_max) return false;
  std::array<char, k_rendered_max> buffer{};
  return std::string_view(buffer.data(), render_number_into(buffer, value)) == text;
}

std::uint8_t classify_value(std::string_view value, ValueClass& out) noexcept {
  if (value.empty()) return 0;
  const char c = value[0];
  if (is_digit(c) || c == '-' || c == '+' || c == '.') return classify_numeric(value, out);
  if ((c == 't' || c == 'T') && equals_ignoring_case(value, "true")) return type_bit(ColumnType::boolean);
  if ((c == 'f' || c == 'F') && equals_ignoring_case(value, "false")) return type_bit(ColumnType::boolean);
  return 0;
}

void ColumnStats::TextBound::assign(std::string_view text) {
  length = std::min(text.size(), k_text_bound);
  std::memcpy(bytes.data(), text.data(), length);
}

void ColumnStats::keep_samples(std::uint8_t missed, std::string_view value, std::uint64_t record,
                               std::uint64_t line) {
  for (std::size_t t = 0; t < k_candidates; ++t) {
    if ((missed & (1U << t)) == 0) continue;
    m_samples[t].push_back({record, line, std::string(util::truncate_utf8(value, 80))});
    if (m_samples[t].size() == k_samples) m_samples_full = static_cast<std::uint8_t>(m_samples_full | (1U << t));
  }
}

void ColumnStats::add_value(std::string_view value, std::uint64_t record, std::uint64_t line) {
  ++m_values;
  if (value.size() > m_max_length) m_max_length = value.size();
  // Code points never outnumber bytes: only a value longer than the longest so far needs counting.
  if (value.size() > m_max_chars) {
    const std::uint64_t chars = count_chars(value);
    if (chars > m_max_chars) m_max_chars = chars;
  }
  ValueClass parsed;
  const std::uint8_t types = classify_value(value, parsed);
  const auto missed = static_cast<std::uint8_t>(~types & k_all_candidates & ~m_samples_full);
  if (missed != 0) keep_samples(missed, value, record, line);
  if (types == 0) return;
  if ((types & type_bit(ColumnType::integer)) != 0) {
    const bool is_first = m_matches[0]++ == 0;
    if (is_first || parsed.integer < m_integer_min) m_integer_min = parsed.integer;
    if (is_first || parsed.integer > m_integer_max) m_integer_max = parsed.integer;
  }
  if ((types & type_bit(ColumnType::number)) != 0) {
    const bool is_first = m_matches[1]++ == 0;
    if (is_first || parsed.number < m_number_min) m_number_min = parsed.number;
    if (is_first || parsed.number > m_number_max) m_number_max = parsed.number;
  }
  constexpr std::uint8_t k_spelled = type_bit(ColumnType::boolean) | type_bit(ColumnType::date) |
                                     type_bit(ColumnType::datetime);
  if ((types & k_spelled) != 0 && (m_not_canonical & types) != (types & k_spelled)) {
    for (const ColumnType t : {ColumnType::boolean, ColumnType::date, ColumnType::datetime}) {
      if ((types & type_bit(t)) != 0 && !is_canonical(value, t)) {
        m_not_canonical = static_cast<std::uint8_t>(m_not_canonical | type_bit(t));
      }
    }
  }
  if ((types & type_bit(ColumnType::boolean)) != 0) ++m_matches[2];
  if ((types & type_bit(ColumnType::date)) != 0) {
    const bool is_first = m_matches[3]++ == 0;
    if (is_first || parsed.date < m_date_min) m_date_min = parsed.date;
    if (is_first || parsed.date > m_date_max) m_date_max = parsed.date;
  }
  if ((types & type_bit(ColumnType::datetime)) != 0) {
    const bool is_first = m_matches[4]++ == 0;
    if (is_first || value < m_datetime_min.view()) m_datetime_min.assign(value);
    if (is_first || value > m_datetime_max.view()) m_datetime_max.assign(value);
  }
}

ColumnProfile ColumnStats::finish(std::string name, double max_type_error_ratio) const {
  ColumnProfile profile;
  profile.name = std::move(name);
  profile.values = m_values;
  profile.nulls = m_nulls;
  profile.max_length = m_max_length;
  profile.max_chars = m_max_chars;
  profile.canonical = true;
  profile.type = ColumnType::string;
  if (m_values == 0) return profile;
  const auto allowed = static_cast<std::uint64_t>(std::floor(static_cast<double>(m_values) * max_type_error_ratio));
  for (std::size_t t = 0; t < k_candidates; ++t) {
    if (m_matches[t] == 0 || m_values - m_matches[t] > allowed) continue;
    profile.type = static_cast<ColumnType>(t);
    profile.type_errors = m_values - m_matches[t];
    profile.type_error_samples = m_samples[t];
    break;
  }
  profile.canonical = (m_not_canonical & type_bit(profile.type)) == 0;
  switch (profile.type) {
  case ColumnType::integer:
    profile.min = integer_bound(m_integer_min);
    profile.max = integer_bound(m_integer_max);
    break;
  case ColumnType::number:
    profile.min = number_bound(m_number_min);
    profile.max = number_bound(m_number_max);
    break;
  case ColumnType::date:
    profile.min = text_bound(iso_date(m_date_min));
    profile.max = text_bound(iso_date(m_date_max));
    break;
  case ColumnType::datetime:
    profile.min = text_bound(std::string(m_datetime_min.view()));
    profile.max = text_bound(std::string(m_datetime_max.view()));
    break;
  case ColumnType::boolean:
  case ColumnType::string: break;
  }
  return profile;
}

} // namespace fk::csv
