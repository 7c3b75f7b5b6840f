#pragma once

#include "config/config.hpp"
#include "config/period.hpp"

#include <optional>

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
using config::parse_keep;

// Return a retention period as written in plans: "90d" or "never".
using config::keep_text;

// Apply the periods the config file's `retention:` mapping sets onto `policy` (the others stay).
void apply_retention_config(const config::RetentionConfig& retention, RetentionPolicy& policy);

} // namespace fk::retention
