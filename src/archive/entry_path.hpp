#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fk::archive {

// Hold an archive entry's name split into the folder components it creates below the destination.
struct EntryPath {
  std::vector<std::string> components; // e.g. {"data", "train.csv"}; empty for "./"
  std::string relative;                // the components joined with '/', bytes as stored
};

// Longest single file or folder name Linux accepts (NAME_MAX).
inline constexpr std::size_t k_max_component_bytes = 255;

// Split `name` into safe components, dropping "." and empty ones; refuse an empty, absolute or
// overlong name and any ".." component with a validation Error whose `why` says which rule broke.
util::Result<EntryPath> parse_entry_path(std::string_view name, std::size_t max_path_bytes);

// Return `name` with control characters replaced by '?', for error messages and logs.
std::string printable_name(std::string_view name);

} // namespace fk::archive
