#pragma once

#include "layout/data_root.hpp"
#include "retention/day_check.hpp"
#include "retention/plan.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <vector>

namespace fk::retention {

// Gather the days of raw/, processed/, reports/ and archive/ and the files of metadata/ (the
// download state excepted: it is never pruned); reads only. Temporaries are never days.
Inventory scan_inventory(const layout::Layout& layout);

// Verify the archives of `days` and record verified, failed or stale in `inventory`; return every mismatch found.
util::Result<std::vector<Mismatch>> verify_for_retention(const layout::Layout& layout, const std::vector<layout::Day>& days,
                                                         Inventory& inventory);

// Write a first-seen record, dated `now`, beside every archive that has none (an older version's),
// so its age for retention counts from this run; return the days recorded.
util::Result<std::vector<layout::Day>> record_first_seen(const layout::Layout& layout, Inventory& inventory,
                                                         util::TimePoint now);

// Remove what `decision` targets; a folder is first renamed into `staging`, so it disappears in one step.
util::Status execute_prune(const layout::Layout& layout, const Decision& decision, const std::filesystem::path& staging);

} // namespace fk::retention
