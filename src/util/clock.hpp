#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace fk::util {

using TimePoint = std::chrono::system_clock::time_point;

// Return the current time; pass a Clock instead of calling this deep inside logic.
inline TimePoint system_now() { return std::chrono::system_clock::now(); }

// Supply the current time; tests substitute a fixed one.
using Clock = std::function<TimePoint()>;

// Format `t` as "2026-11-22T10:03:04Z" (or with milliseconds when `millis`).
std::string format_iso8601(TimePoint t, bool millis = false);

// Format `t`'s UTC date as "YYYYMMDD".
std::string format_day(TimePoint t);

// Format `t`'s UTC time of day as "HHMMSS".
std::string format_hhmmss(TimePoint t);

// Return seconds between two time points as a double.
double seconds_between(TimePoint from, TimePoint to);

} // namespace fk::util
