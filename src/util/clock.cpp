#include "util/clock.hpp"

#include <cstdio>
#include <ctime>

namespace fk::util {

namespace {
std::tm utc_tm(TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}

std::string format_with(TimePoint t, const char* pattern) {
  const std::tm tm = utc_tm(t);
  char buffer[64];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" // every caller passes a literal pattern
  const std::size_t n = std::strftime(buffer, sizeof buffer, pattern, &tm);
#pragma GCC diagnostic pop
  return std::string(buffer, n);
}
} // namespace

std::string format_iso8601(TimePoint t, bool millis) {
  if (!millis) return format_with(t, "%Y-%m-%dT%H:%M:%SZ");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  std::string out = format_with(t, "%Y-%m-%dT%H:%M:%S");
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, ".%03dZ", static_cast<int>(ms < 0 ? ms + 1000 : ms));
  return out + buffer;
}

std::string format_day(TimePoint t) { return format_with(t, "%Y%m%d"); }

std::string format_hhmmss(TimePoint t) { return format_with(t, "%H%M%S"); }

double seconds_between(TimePoint from, TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

} // namespace fk::util
