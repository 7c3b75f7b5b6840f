#pragma once

#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "util/error.hpp"

namespace fk::layout {

// Name one day folder, "YYYYMMDD", always a real calendar date.
class Day {
public:
  // Parse "YYYYMMDD"; a usage error for anything else (including 20250230).
  static util::Result<Day> parse(std::string_view text);

  // Return the UTC date of `t`.
  static Day from_time(util::TimePoint t);

  // Return true when `text` is a valid day name (used when listing folders).
  static bool is_day_name(std::string_view text);

  // Return "YYYYMMDD".
  [[nodiscard]] const std::string& str() const { return m_text; }

  // Return the number of days since 1970-01-01 (for retention arithmetic).
  [[nodiscard]] long days_since_epoch() const;

  // Return the day `n` days later (negative: earlier).
  [[nodiscard]] Day plus_days(long n) const;

  auto operator<=>(const Day&) const = default;

private:
  explicit Day(std::string text) : m_text(std::move(text)) {}
  std::string m_text;
};

} // namespace fk::layout
