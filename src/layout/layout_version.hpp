#pragma once

#include <optional>

#include "layout/data_root.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

namespace fk::layout {

// The on-disk layout this build writes; bump it when the tree or a manifest format changes.
inline constexpr int k_layout_version = 1;

// Read layout.json at the root; nullopt when the root was never initialised.
util::Result<std::optional<int>> read_layout_version(const Layout& layout);

// Check that this build can use the root: an older layout needs `migrate --upgrade`, a newer one a newer tool.
util::Status check_layout_compatible(const Layout& layout);

// Write layout.json atomically with the current version.
util::Status write_layout_file(const Layout& layout, util::TimePoint now, int version = k_layout_version);

} // namespace fk::layout
