#pragma once

#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace fk::config {

// A retention period in days; nullopt means "never".
using KeepDays = std::optional<long>;

// Parse a retention period: "90d", "12w", "0d" or "never" (nullopt); anything else is a usage Error.
util::Result<KeepDays> parse_keep(std::string_view text);

// Return a retention period as written in plans: "90d" or "never".
std::string keep_text(const KeepDays& days);

} // namespace fk::config
