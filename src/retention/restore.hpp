#pragma once

#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace fk::retention {

// What restoring a day did.
struct RestoreOutcome {
  std::filesystem::path archive;
  std::filesystem::path raw_day;  // where raw/D now is
  bool already_present = false;   // raw/D existed with exactly the archive's files: nothing replaced
  bool replaced = false;          // raw/D differed and was swapped for the archive's verified copy (replace)
  bool processed_restored = false; // processed/D was absent and was restored from the archive
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
};

// Extract the day's archive into a staging folder, check the archive against its checksum file and
// every file against the manifest inside, then publish raw/D (and processed/D when absent) with
// rename below `to` (default: the data root). An existing raw/D with different content is
// overwritten only with `replace`: the verified copy is swapped in with one rename (RENAME_EXCHANGE),
// then the old content is deleted; without it that is a usage Error, and so it is when raw/D's
// manifest lists downloads the archive lacks (they would be lost). A mismatch is an integrity Error
// and publishes nothing.
util::Result<RestoreOutcome> restore_day(const layout::Layout& layout, const layout::Day& day,
                                         const std::optional<std::filesystem::path>& to, const std::string& run_id,
                                         bool replace = false);

} // namespace fk::retention
