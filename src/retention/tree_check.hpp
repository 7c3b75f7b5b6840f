#pragma once

#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "report/download_manifest.hpp"
#include "retention/day_check.hpp"

#include <vector>

namespace fk::retention {

// The invariants `verify` checks across a whole data root, besides each day's bytes against its
// manifest (day_check.hpp). Each Mismatch's code names the invariant that broke:
//   unlisted-file       a visible file under raw/D that the day's manifest does not list
//   incomplete-json     a visible .json file under the root that does not parse
//   incomplete-database a visible .sqlite file under processed/ that fails SQLite's quick_check
//   incomplete-day      a processed/D folder without its validation_report.json
//   leftover            (strict only) a temporary, staging folder or unverified archive of a killed
//                       run; harmless to readers, and removed by the next writing run

// Return every visible file under raw/D that `manifest` does not list (the manifest itself aside).
std::vector<Mismatch> find_unlisted_files(const layout::Layout& layout, const layout::Day& day,
                                          const report::DownloadManifest& manifest);

// Check the root-wide invariants above; `strict` adds the leftovers of killed runs.
std::vector<Mismatch> check_tree(const layout::Layout& layout, bool strict);

} // namespace fk::retention
