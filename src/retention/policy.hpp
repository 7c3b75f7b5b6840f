#pragma once

#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace fk::retention {

// How many days each area keeps a day (nullopt: forever). A day is past retention when it is
// more than that many days older than today.
struct RetentionPolicy {
  std::optional<long> raw = 90;
  std::optional<long> processed = 90;
  std::optional<long> reports = 365;
  std::optional<long> metadata = 365;
  std::optional<long> archive = 365;
};

// Parse a retention period: "90d", "12w", "0d" or "never" (nullopt); anything else is a usage Error.
util::Result<std::optional<long>> parse_keep(std::string_view text);

// Return a retention period as written in plans: "90d" or "never".
std::string keep_text(const std::optional<long>& days);

// Apply the `retention:` mapping of a config file's text (YAML or JSON; keys raw, processed,
// reports, metadata, archive) onto `policy`; text without that mapping changes nothing.
util::Status apply_retention_config(std::string_view text, std::string_view origin, RetentionPolicy& policy);

} // namespace fk::retention
