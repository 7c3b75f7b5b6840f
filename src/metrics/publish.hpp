#pragma once

#include <chrono>
#include <filesystem>

#include "metrics/exposition.hpp"
#include "metrics/pushgateway.hpp"
#include "util/error.hpp"

namespace fk::metrics {

// Write `metrics` to `path` for the node exporter's textfile collector: a temporary file in the same
// folder renamed over `path`. A run without a success time keeps the one `path` already holds.
util::Status write_textfile(const std::filesystem::path& path, RunMetrics metrics);

// Push `metrics` to the Pushgateway `target` under `grouping` (PUT after a success, POST otherwise);
// fails with a temporary error when the gateway cannot be reached or does not answer 2xx.
util::Status push(const PushTarget& target, const Labels& grouping, const RunMetrics& metrics,
                  std::chrono::seconds timeout);

} // namespace fk::metrics
