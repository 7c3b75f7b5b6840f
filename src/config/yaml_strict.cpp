#include "config/yaml_strict.hpp"

#include <algorithm>
#include <set>
#include <vector>

namespace fk::config {

namespace {

constexpr std::string_view k_docs_fix =
    "see docs/download.md (datasets) and docs/archive.md (retention) for the format";

std::string where(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return {};
  return " at line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

std::string known_list(std::span<const std::string_view> known) {
  std::string out;
  for (std::string_view name : known)
    out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic-programming table are enough for adjacent swaps.
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_key(std::string_view word, std::span<const std::string_view> known) {
  std::string best;
  std::size_t best_distance = 0;
  for (std::string_view candidate : known) {
    const std::size_t distance = edit_distance(word, candidate);
    if (best.empty() || distance < best_distance) {
      best = std::string(candidate);
      best_distance = distance;
    }
  }
  // A typo changes a few characters; more than a third of the word is a different word.
  const std::size_t allowed = std::max<std::size_t>(2, std::min(word.size(), best.size()) / 3);
  if (best_distance <= allowed) return best;
  // A key with something added or cut off ("rawdays", "process") is the key meant.
  constexpr std::size_t k_min_prefix = 3;
  for (std::string_view candidate : known) {
    const std::size_t shorter = std::min(word.size(), candidate.size());
    if (shorter >= k_min_prefix && word.substr(0, shorter) == candidate.substr(0, shorter))
      return std::string(candidate);
  }
  return {};
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string_view node_kind(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Map:
    return "a mapping";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Scalar:
    return "a scalar";
  case YAML::NodeType::Null:
  case YAML::NodeType::Undefined:
    break;
  }
  return "empty";
}

util::Error StrictReader::error(const YAML::Mark& mark, const std::string& path, const std::string& why,
                                const std::string& fix) const {
  const std::string subject = path.empty() ? "the file" : path;
  return util::make_error(util::ErrorKind::usage, "invalid config " + m_origin, subject + where(mark) + " " + why,
                          fix.empty() ? std::string(k_docs_fix) : fix);
}

util::Status StrictReader::check_mapping(const YAML::Node& node, const std::string& path,
                                         std::span<const std::string_view> known) const {
  return check_keys(node, path, known, false);
}

util::Status StrictReader::check_scalar_mapping(const YAML::Node& node, const std::string& path,
                                                std::string_view expected) const {
  if (!node.IsMap())
    return error(node.Mark(), path, "must be " + std::string(expected) + ", not " + std::string(node_kind(node)));
  if (auto status = check_keys(node, path, {}, true); !status.ok()) return status;
  for (const auto& item : node) {
    if (!item.second.IsScalar()) {
      return error(item.second.Mark(), child_path(path, item.first.Scalar()),
                   "must be a scalar, not " + std::string(node_kind(item.second)));
    }
  }
  return util::Ok{};
}

util::Status StrictReader::check_keys(const YAML::Node& node, const std::string& path,
                                      std::span<const std::string_view> known, bool any_name) const {
  if (!node.IsMap()) return error(node.Mark(), path, "must be a mapping, not " + std::string(node_kind(node)));
  std::set<std::string> seen;
  for (const auto& item : node) {
    if (!item.first.IsScalar())
      return error(item.first.Mark(), path, "has a key that is " + std::string(node_kind(item.first)) + ", not a name");
    const std::string& name = item.first.Scalar();
    if (!seen.insert(name).second) {
      return error(item.first.Mark(), child_path(path, name), "is given twice", "keep one of them");
    }
    if (any_name || std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string suggestion = closest_key(name, known);
    std::string fix = suggestion.empty() ? "" : "did you mean \"" + suggestion + "\"? ";
    fix += "The keys " + (path.empty() ? std::string("at the top level") : "of " + path) + " are " + known_list(known) +
           "; " + std::string(k_docs_fix);
    return error(item.first.Mark(), child_path(path, name), "is an unknown key", fix);
  }
  return util::Ok{};
}

util::Status StrictReader::check_list(const YAML::Node& node, const std::string& path,
                                      std::string_view expected) const {
  if (node.IsSequence()) return util::Ok{};
  return error(node.Mark(), path, "must be " + std::string(expected) + ", not " + std::string(node_kind(node)));
}

util::Result<std::string> StrictReader::scalar(const YAML::Node& node, const std::string& path,
                                               std::string_view expected) const {
  if (node.IsScalar()) return node.Scalar();
  return error(node.Mark(), path, "must be " + std::string(expected) + ", not " + std::string(node_kind(node)));
}

} // namespace fk::config
