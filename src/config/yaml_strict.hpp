#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <yaml-cpp/yaml.h>

namespace fk::config {

// Return how many single-character insertions, deletions, substitutions or swaps of neighbours
// turn `a` into `b` (optimal string alignment distance).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Return the entry of `known` closest to `word` when it is close enough to be a likely typo, else "".
std::string closest_key(std::string_view word, std::span<const std::string_view> known);

// Read YAML nodes of one config file strictly: every error is a usage Error naming the file, the
// key path (e.g. `datasets[2].files`) and the line and column of the offending node.
class StrictReader {
public:
  // Read nodes of the config named `origin` in errors.
  explicit StrictReader(std::string origin) : m_origin(std::move(origin)) {}

  // Return a usage Error: `path` (at `mark`) `why`, with `fix` (or the pointer to the docs).
  [[nodiscard]] util::Error error(const YAML::Mark& mark, const std::string& path, const std::string& why,
                                  const std::string& fix = {}) const;

  // Check that `node` at `path` is a mapping whose keys are unique scalars among `known`; an
  // unknown key names the closest known one.
  [[nodiscard]] util::Status check_mapping(const YAML::Node& node, const std::string& path,
                                           std::span<const std::string_view> known) const;

  // Check that `node` at `path` is a mapping whose keys are unique scalars (any names) and whose
  // values are scalars.
  [[nodiscard]] util::Status check_scalar_mapping(const YAML::Node& node, const std::string& path,
                                                  std::string_view expected) const;

  // Check that `node` at `path` is a list; `expected` says what it must be in the error.
  [[nodiscard]] util::Status check_list(const YAML::Node& node, const std::string& path,
                                        std::string_view expected) const;

  // Return the text of `node` at `path` when it is a scalar; else an Error saying it must be `expected`.
  [[nodiscard]] util::Result<std::string> scalar(const YAML::Node& node, const std::string& path,
                                                 std::string_view expected) const;

  // Return the name of the file being read, as given.
  [[nodiscard]] const std::string& origin() const noexcept { return m_origin; }

private:
  [[nodiscard]] util::Status check_keys(const YAML::Node& node, const std::string& path,
                                        std::span<const std::string_view> known, bool any_name) const;

  std::string m_origin;
};

// Return `parent.key` (or `key` at the top level).
std::string child_path(const std::string& parent, std::string_view key);

// Say what kind of value `node` is, for errors: "a mapping", "a list", "a scalar" or "empty".
std::string_view node_kind(const YAML::Node& node);

} // namespace fk::config
