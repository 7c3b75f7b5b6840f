#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace fk::kaggle {

// Name one Kaggle dataset, optionally pinned to a version.
struct DatasetRef {
  std::string owner;
  std::string slug;
  std::optional<std::int64_t> version;

  // Return "owner/slug" (without the version).
  [[nodiscard]] std::string ref() const { return owner + "/" + slug; }

  // Return "owner/slug" or "owner/slug/N".
  [[nodiscard]] std::string to_string() const;

  // Compare all three parts.
  friend bool operator==(const DatasetRef&, const DatasetRef&) = default;
};

// Parse "owner/slug" or "owner/slug/N"; a usage error explains what is wrong with `text`.
util::Result<DatasetRef> parse_dataset_ref(std::string_view text);

// Return true when `text` is a valid owner or dataset slug (lowercase letters, digits, '-', '_', '.').
bool is_valid_slug(std::string_view text);

} // namespace fk::kaggle
