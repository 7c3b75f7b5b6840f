#include "layout/day.hpp"

#include <chrono>
#include <cstdio>

namespace fk::layout {

namespace {
bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::chrono::year_month_day to_ymd(std::string_view text) {
  const int y = std::stoi(std::string(text.substr(0, 4)));
  const auto m = static_cast<unsigned>(std::stoi(std::string(text.substr(4, 2))));
  const auto d = static_cast<unsigned>(std::stoi(std::string(text.substr(6, 2))));
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::string format_ymd(std::chrono::year_month_day ymd) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}
} // namespace

bool Day::is_day_name(std::string_view text) {
  if (text.size() != 8 || !all_digits(text)) return false;
  const auto ymd = to_ymd(text);
  return ymd.ok() && ymd.year() >= std::chrono::year{1970} && ymd.year() <= std::chrono::year{9999};
}

util::Result<Day> Day::parse(std::string_view text) {
  if (!is_day_name(text)) {
    return util::make_error(util::ErrorKind::usage, "invalid date '" + std::string(text) + "'",
                            "expected a calendar date as YYYYMMDD", "for example --date 20241231");
  }
  return Day(std::string(text));
}

Day Day::from_time(util::TimePoint t) { return Day(util::format_day(t)); }

long Day::days_since_epoch() const {
  return static_cast<long>(std::chrono::sys_days{to_ymd(m_text)}.time_since_epoch().count());
}

Day Day::plus_days(long n) const {
  const std::chrono::sys_days shifted = std::chrono::sys_days{to_ymd(m_text)} + std::chrono::days{n};
  return Day(format_ymd(std::chrono::year_month_day{shifted}));
}

} // namespace fk::layout
