#include "config/period.hpp"

#include <charconv>

namespace fk::config {

util::Result<KeepDays> parse_keep(std::string_view text) {
  if (text == "never") return KeepDays{};
  long value = -1;
  const char* end = text.data() + text.size();
  auto [next, error] = std::from_chars(text.data(), end, value);
  const std::string_view unit(next, static_cast<std::size_t>(end - next));
  if (error == std::errc() && value >= 0 && value <= 100'000 && (unit == "d" || unit == "w")) {
    return KeepDays(unit == "w" ? value * 7 : value);
  }
  return util::make_error(util::ErrorKind::usage, "invalid retention period '" + std::string(text) + "'",
                          "expected days or weeks, e.g. 90d or 12w, or never", "see docs/archive.md");
}

std::string keep_text(const KeepDays& days) {
  return days ? std::to_string(*days) + "d" : "never";
}

} // namespace fk::config
