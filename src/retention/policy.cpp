#include "retention/policy.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>

namespace fk::retention {

util::Result<std::optional<long>> parse_keep(std::string_view text) {
  if (text == "never") return std::optional<long>{};
  long value = -1;
  const char* end = text.data() + text.size();
  auto [next, error] = std::from_chars(text.data(), end, value);
  const std::string_view unit(next, static_cast<std::size_t>(end - next));
  if (error == std::errc() && value >= 0 && value <= 100'000 && (unit == "d" || unit == "w")) {
    return std::optional<long>(unit == "w" ? value * 7 : value);
  }
  return util::make_error(util::ErrorKind::usage, "invalid retention period '" + std::string(text) + "'",
                          "expected days or weeks, e.g. 90d or 12w, or never", "see docs/archive.md");
}

std::string keep_text(const std::optional<long>& days) { return days ? std::to_string(*days) + "d" : "never"; }

util::Status apply_retention_config(std::string_view text, std::string_view origin, RetentionPolicy& policy) {
  auto config_error = [&](const std::string& why) {
    return util::make_error(util::ErrorKind::usage, "invalid retention in config " + std::string(origin), why,
                            "see docs/archive.md for the format");
  };
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return config_error("not YAML or JSON: " + std::string(e.what()));
  }
  if (!root.IsMap() || !root["retention"]) return util::Ok{};
  const YAML::Node retention = root["retention"];
  if (!retention.IsMap()) return config_error("\"retention\" must be a mapping of area to period");
  for (const auto& entry : retention) {
    const std::string area = entry.first.as<std::string>();
    if (!entry.second.IsScalar()) return config_error("retention." + area + " must be a period such as 90d");
    auto keep = parse_keep(entry.second.as<std::string>());
    if (!keep) return config_error("retention." + area + ": " + keep.error().what);
    if (area == "raw") policy.raw = *keep;
    else if (area == "processed") policy.processed = *keep;
    else if (area == "reports") policy.reports = *keep;
    else if (area == "metadata") policy.metadata = *keep;
    else if (area == "archive") policy.archive = *keep;
    else return config_error("unknown area \"" + area + "\" (known: raw, processed, reports, metadata, archive)");
  }
  return util::Ok{};
}

} // namespace fk::retention
