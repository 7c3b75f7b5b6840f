#pragma once

#include "layout/data_root.hpp"
#include "migrate/execute.hpp"
#include "report/download_manifest.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <string>

namespace fk::migrate {

// Record `entry` in raw/<day>/download_manifest.json atomically, keeping the other entries.
util::Status merge_manifest_entry(const layout::Layout& layout, const std::string& day, report::ManifestDataset entry,
                                  const std::string& now, const std::string& tool_version);

// Remove the entry of `ref` from raw/<day>/download_manifest.json atomically (the file goes when it
// holds no entry any more); a missing file or entry is not an error.
util::Status remove_manifest_entry(const layout::Layout& layout, const std::string& day, const std::string& ref,
                                   const std::string& now);

// Check a move whose copy was just written: hash the published target again and, when it matches
// `item.sha256`, mark the item "moved" with its source still to be removed (remove_moved_source);
// a file flagged sha256_mismatch keeps its source.
void finish_move(ItemOutcome& item);

// Check a move whose copy an earlier, killed run wrote: hash source and target and, when they agree,
// mark the item "moved" with its source still to be removed; otherwise fail the item and keep both.
void finish_earlier_copy(ItemOutcome& item);

// Remove the source of an item finish_move or finish_earlier_copy marked, and its emptied folders
// below `from`; the journal must already say "moved" (so a kill here loses no item from the report).
void remove_moved_source(ItemOutcome& item, const std::filesystem::path& from);

// Remove the now empty folders from `dir` upwards, stopping below `root`'s direct children.
void prune_empty_dirs(std::filesystem::path dir, const std::filesystem::path& root);

} // namespace fk::migrate
