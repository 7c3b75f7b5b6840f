#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "metrics/exposition.hpp"

namespace fk::metrics {

// The Pushgateway job name every push uses.
inline constexpr std::string_view k_job = "fetch_kaggle";

// A Pushgateway URL split for use: credentials apart, so that the URL itself is safe to log.
struct PushTarget {
  std::string base_url;                 // scheme://host[:port][/path] without user:password@ and trailing '/'
  std::optional<std::string> username;  // percent-decoded user of user:password@, if any
  std::optional<std::string> password;  // percent-decoded password, if any
};

// Split `url` into the URL without credentials and the credentials it carried.
PushTarget split_push_url(std::string_view url);

// Return the path segments of the grouping key: /metrics/job/fetch_kaggle/<label>/<value>...; values
// that are empty or hold characters outside [A-Za-z0-9._-] use the <label>@base64/<base64url> form.
std::string grouping_path(const Labels& grouping);

// Return the HTTP method of a push: PUT (replace the whole group) after a success, POST (replace
// only the metrics pushed, keeping the last-success time) otherwise.
std::string_view push_method(const RunMetrics& metrics);

} // namespace fk::metrics
