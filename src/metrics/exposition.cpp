#include "metrics/exposition.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace fk::metrics {

namespace {

// Write the HELP and TYPE lines of one metric.
void header(std::ostringstream& out, std::string_view name, std::string_view type, std::string_view help) {
  out << "# HELP " << name << ' ' << escape_help(help) << '\n';
  out << "# TYPE " << name << ' ' << type << '\n';
}

// Write one sample line.
void sample(std::ostringstream& out, std::string_view name, const Labels& labels, double value) {
  out << name << format_labels(labels) << ' ' << format_value(value) << '\n';
}

// Return the value of count `name` in `counts`, 0 when the run did not count it.
double count_of(const RunMetrics& metrics, std::string_view name) {
  for (const auto& [key, value] : metrics.counts) {
    if (key == name) return static_cast<double>(value);
  }
  return 0;
}

} // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ',';
    out += labels[i].first + "=\"" + escape_label_value(labels[i].second) + '"';
  }
  return out + '}';
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "NaN";
  return std::string(buffer, end);
}

Labels sample_labels(const RunMetrics& metrics) {
  Labels labels{{"command", metrics.command}};
  labels.insert(labels.end(), metrics.labels.begin(), metrics.labels.end());
  return labels;
}

std::string format_text(const RunMetrics& metrics) {
  const Labels labels = sample_labels(metrics);
  std::ostringstream out;
  header(out, "fetch_kaggle_run_duration_seconds", "gauge", "Wall-clock duration of the last run, in seconds.");
  sample(out, "fetch_kaggle_run_duration_seconds", labels, metrics.duration_seconds);
  header(out, "fetch_kaggle_run_finished_timestamp_seconds", "gauge", "Unix time the last run ended, whatever its outcome.");
  sample(out, "fetch_kaggle_run_finished_timestamp_seconds", labels, metrics.finished_at_seconds);
  if (metrics.last_success_seconds) {
    header(out, k_last_success_name, "gauge", "Unix time the last successful run ended.");
    sample(out, k_last_success_name, labels, *metrics.last_success_seconds);
  }
  header(out, "fetch_kaggle_run_exit_code", "gauge", "Exit code of the last run (0 success; see docs/operations.md).");
  sample(out, "fetch_kaggle_run_exit_code", labels, metrics.exit_code);
  header(out, "fetch_kaggle_run_outcome", "gauge", "1 for the outcome of the last run, 0 for the others.");
  for (std::string_view outcome : k_outcomes) {
    Labels with_outcome = labels;
    with_outcome.emplace_back("outcome", std::string(outcome));
    sample(out, "fetch_kaggle_run_outcome", with_outcome, outcome == metrics.outcome ? 1 : 0);
  }
  header(out, "fetch_kaggle_run_bytes", "gauge", "Bytes the last run handled (downloaded, validated or restored).");
  sample(out, "fetch_kaggle_run_bytes", labels, count_of(metrics, "bytes"));
  header(out, "fetch_kaggle_run_files", "gauge", "Files the last run handled.");
  sample(out, "fetch_kaggle_run_files", labels, count_of(metrics, "files"));
  header(out, "fetch_kaggle_run_records", "gauge", "CSV records the last run handled.");
  sample(out, "fetch_kaggle_run_records", labels, count_of(metrics, "records"));
  header(out, "fetch_kaggle_run_errors", "gauge", "Errors the last run recorded in its run report.");
  sample(out, "fetch_kaggle_run_errors", labels, static_cast<double>(metrics.errors));
  if (!metrics.counts.empty()) {
    header(out, "fetch_kaggle_run_count", "gauge", "Every count of the last run's report, by name.");
    for (const auto& [name, value] : metrics.counts) {
      Labels with_name = labels;
      with_name.emplace_back("count", name);
      sample(out, "fetch_kaggle_run_count", with_name, static_cast<double>(value));
    }
  }
  return out.str();
}

std::optional<double> find_sample(std::string_view text, std::string_view name, const Labels& labels) {
  const std::string prefix = std::string(name) + format_labels(labels) + ' ';
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (line.substr(0, prefix.size()) == prefix) {
      std::string_view rest = line.substr(prefix.size());
      rest = rest.substr(0, rest.find(' ')); // a sample may carry a timestamp after the value
      double value = 0;
      const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
      if (ec == std::errc() && ptr == rest.data() + rest.size()) return value;
      return std::nullopt;
    }
    start = end + 1;
  }
  return std::nullopt;
}

} // namespace fk::metrics
