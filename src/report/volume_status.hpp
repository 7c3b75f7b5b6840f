#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "layout/data_root.hpp"
#include "util/error.hpp"

namespace fk::report {

// One day folder (or archive file) of an area and its size.
struct AreaDay {
  std::string day;
  std::uint64_t bytes = 0;
};

// One area of the data root (raw, processed, archive, reports, metadata).
struct AreaStatus {
  std::string name;
  std::vector<AreaDay> days; // newest first; empty for metadata
  std::uint64_t bytes = 0;
};

// The newest manifest entry of one dataset, and where its current copy is.
struct LatestDataset {
  std::string ref;
  std::string day;
  std::int64_t version = 0;
  std::string status;
  std::string fetched_at;
  std::string copy_day;           // the raw/ day holding the newest downloaded copy (empty: none)
  std::int64_t copy_version = 0;  // the version of that copy
};

// The newest run report of one subcommand.
struct LastRun {
  std::string command;
  std::string started_at;
  std::string outcome;
  std::int64_t exit_code = 0;
  std::string report;
};

// What `fetch-kaggle status` shows.
struct VolumeStatus {
  std::string root;
  std::optional<int> layout_version;
  std::vector<AreaStatus> areas;
  std::vector<LatestDataset> datasets;
  std::vector<LastRun> last_runs;
  std::uint64_t free_bytes = 0;
  std::optional<std::string> lock_holder;
  std::vector<std::string> warnings; // unreadable manifests or reports, named
};

// Look at the data root (reads only) and summarise it.
util::Result<VolumeStatus> gather_status(const layout::Layout& layout);

// Write `status` as JSON (schema: docs/schemas/status.schema.json).
void write_status_json(std::ostream& out, const VolumeStatus& status);

// Write `status` as a human-readable summary.
void write_status_text(std::ostream& out, const VolumeStatus& status);

} // namespace fk::report
