#include "net/header_parsers.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <ctime>

#include "net/http_headers.hpp"
#include "util/hash.hpp"

namespace fk::net {

namespace {

// Retry-After values above this are treated as this (about 11 days); the caller caps further.
constexpr double k_max_retry_after_seconds = 1.0e6;

std::optional<std::uint64_t> parse_uint(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> parse_fixed_digits(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<int> month_index(std::string_view name) {
  static constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (iequals(k_months[i], name)) return static_cast<int>(i);
  }
  return std::nullopt;
}

} // namespace

std::optional<util::TimePoint> parse_http_date(std::string_view value) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed layout after the weekday and comma.
  value = trim(value);
  const auto comma = value.find(',');
  if (comma == std::string_view::npos || comma > 9) return std::nullopt;
  std::string_view rest = trim(value.substr(comma + 1));
  if (rest.size() != 24 || rest[2] != ' ' || rest[6] != ' ' || rest[11] != ' ' || rest[14] != ':' ||
      rest[17] != ':' || rest[20] != ' ' || rest.substr(21) != "GMT")
    return std::nullopt;
  const auto day = parse_fixed_digits(rest.substr(0, 2), 2);
  const auto month = month_index(rest.substr(3, 3));
  const auto year = parse_fixed_digits(rest.substr(7, 4), 4);
  const auto hour = parse_fixed_digits(rest.substr(12, 2), 2);
  const auto minute = parse_fixed_digits(rest.substr(15, 2), 2);
  const auto second = parse_fixed_digits(rest.substr(18, 2), 2);
  if (!day || !month || !year || !hour || !minute || !second) return std::nullopt;
  if (*day < 1 || *day > 31 || *year < 1970 || *year > 2200 || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_mday = *day;
  tm.tm_mon = *month;
  tm.tm_year = *year - 1900;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  const std::time_t seconds = timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds);
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, util::TimePoint now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  const char first = value.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
    if (first == '+') value.remove_prefix(1);
    double seconds = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range) {
      seconds = value.front() == '-' ? 0.0 : k_max_retry_after_seconds;
    } else if (ec != std::errc() || ptr != value.data() + value.size() || !std::isfinite(seconds)) {
      return std::nullopt;
    }
    if (seconds < 0) seconds = 0;
    if (seconds > k_max_retry_after_seconds) seconds = k_max_retry_after_seconds;
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
  }
  const auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  if (*date <= now) return std::chrono::milliseconds(0);
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*date - now);
  const auto cap = std::chrono::milliseconds(static_cast<std::int64_t>(k_max_retry_after_seconds * 1000.0));
  return wait > cap ? cap : wait;
}

namespace {

// Return the decoded value of the first `name=<base64>` entry of `size` bytes in an x-goog-hash value.
std::optional<std::string> goog_hash_entry(std::string_view value, std::string_view name, std::size_t size) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos || !iequals(trim(item.substr(0, equals)), name)) continue;
    auto digest = util::base64_decode(trim(item.substr(equals + 1)));
    if (digest && digest->size() == size) return digest;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> parse_goog_hash_md5(std::string_view value) { return goog_hash_entry(value, "md5", 16); }

std::optional<std::uint32_t> parse_goog_hash_crc32c(std::string_view value) {
  const auto raw = goog_hash_entry(value, "crc32c", 4);
  if (!raw) return std::nullopt;
  std::uint32_t crc = 0;
  for (const char byte : *raw) crc = (crc << 8U) | static_cast<unsigned char>(byte);
  return crc;
}

std::optional<ContentRange> parse_content_range(std::string_view value) {
  value = trim(value);
  if (value.size() < 6 || !iequals(value.substr(0, 6), "bytes ")) return std::nullopt;
  value = trim(value.substr(6));
  const auto dash = value.find('-');
  const auto slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || dash > slash) return std::nullopt;
  const auto start = parse_uint(value.substr(0, dash));
  const auto end = parse_uint(value.substr(dash + 1, slash - dash - 1));
  if (!start || !end || *start > *end) return std::nullopt;
  ContentRange range{*start, *end, std::nullopt};
  const std::string_view total = value.substr(slash + 1);
  if (total != "*") {
    range.total = parse_uint(total);
    if (!range.total || *end >= *range.total) return std::nullopt;
  }
  return range;
}

std::optional<std::uint64_t> parse_unsatisfied_range(std::string_view value) {
  value = trim(value);
  if (value.size() < 6 || !iequals(value.substr(0, 6), "bytes ")) return std::nullopt;
  value = trim(value.substr(6));
  if (value.size() < 3 || value.substr(0, 2) != "*/") return std::nullopt;
  return parse_uint(value.substr(2));
}

} // namespace fk::net
