#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fk::metrics {

// Label name/value pairs, in the order they are written.
using Labels = std::vector<std::pair<std::string, std::string>>;

// What one run reports: the numbers the run scope already has for its run report.
struct RunMetrics {
  std::string command;                   // label `command` on every sample
  Labels labels;                         // more labels on every sample, e.g. {"shard", "0"}
  double duration_seconds = 0;           // wall-clock time of the run
  double finished_at_seconds = 0;        // Unix time the run ended
  std::string outcome;                   // success | partial | failed | interrupted
  int exit_code = 0;                     // the process's exit code
  std::vector<std::pair<std::string, std::int64_t>> counts; // the run report's counts
  std::int64_t errors = 0;               // errors recorded in the run report
  std::optional<double> last_success_seconds; // written only when set (success, or carried over)
};

// The outcomes fetch_kaggle_run_outcome has a sample for (1 for the run's, 0 for the others).
inline constexpr std::string_view k_outcomes[] = {"success", "partial", "failed", "interrupted"};

// The name of the last-success gauge, which a failed run must not overwrite.
inline constexpr std::string_view k_last_success_name = "fetch_kaggle_last_success_timestamp_seconds";

// Escape a label value for the text format: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

// Escape a HELP text for the text format: backslash and line feed.
std::string escape_help(std::string_view text);

// Render `labels` as `{a="x",b="y"}` (empty string when there are none).
std::string format_labels(const Labels& labels);

// Render a sample value: integers without a fraction, others in the shortest exact form.
std::string format_value(double value);

// Render `metrics` in the Prometheus text exposition format 0.0.4, with HELP and TYPE lines.
std::string format_text(const RunMetrics& metrics);

// Return the labels every sample of `metrics` carries: command first, then the extra labels.
Labels sample_labels(const RunMetrics& metrics);

// Find the value of the sample `name` with exactly `labels` in exposition `text`; nullopt when absent.
std::optional<double> find_sample(std::string_view text, std::string_view name, const Labels& labels);

} // namespace fk::metrics
