#pragma once

#include <filesystem>
#include <string>

#include "layout/data_root.hpp"
#include "util/error.hpp"

namespace fk::layout {

// Make a fresh folder for one run's work in progress: .staging/<command>-<run id>.
util::Result<std::filesystem::path> make_staging_dir(const Layout& layout, const std::string& command,
                                                     const std::string& run_id);

// Publish the complete folder `staged` at `target` in one rename; an existing target is swapped
// out atomically (renameat2 RENAME_EXCHANGE) and then deleted, so readers never see a mix.
util::Status publish_dir(const std::filesystem::path& staged, const std::filesystem::path& target);

// Delete staging folders left by runs that no longer hold the lock; call with the run lock held.
std::size_t clean_stale_staging(const Layout& layout, const std::string& keep_prefix = {});

} // namespace fk::layout
