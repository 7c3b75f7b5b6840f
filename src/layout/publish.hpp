#pragma once

#include <filesystem>
#include <functional>
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

// Make `staged` a copy of the folder `current` made of hard links (just an empty folder when
// `current` does not exist), for a run to change and then publish_dir() in one step. Files must be
// replaced (AtomicFile renames), never written in place, or the change shows through the links.
util::Status link_copy(const std::filesystem::path& current, const std::filesystem::path& staged);

// Publish a new version of the folder `day_dir` in one step: its current content (hard links, no
// copy) with the complete folder `staged` at `relative` instead, plus what `finish` writes into the
// new version (its manifest). The new version is built in `work` (on the same filesystem), so
// readers see the old day or the new one, never a dataset folder without its manifest entry.
util::Status publish_into_day(const std::filesystem::path& day_dir, const std::filesystem::path& work,
                              const std::filesystem::path& relative, const std::filesystem::path& staged,
                              const std::function<util::Status(const std::filesystem::path& new_day)>& finish);

// Delete staging folders left by runs that no longer hold the lock; call with the run lock held.
std::size_t clean_stale_staging(const Layout& layout, const std::string& keep_prefix = {});

} // namespace fk::layout
