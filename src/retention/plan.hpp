#pragma once

#include "layout/day.hpp"
#include "retention/policy.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fk::retention {

// What is known about a day's archive when the plan is made.
enum class ArchiveState {
  none,     // no archive file
  leftover, // an archive file without its checksum file: an interrupted run's, never an archive
  present,  // archive and checksum file exist, not read in this run
  verified, // read in this run: checksum and every member match the manifest inside
  failed,   // read in this run: a checksum or member mismatch (bit rot, tampering)
  stale,    // verified, but raw/D's manifest changed since it was written
  planned,  // dry run only: archiving in this run would write and verify it (what the real run then sees)
};

// One day as found in the areas of the data root.
struct DayEntry {
  layout::Day day;
  bool raw = false;
  bool processed = false;
  bool reports = false;
  ArchiveState archive = ArchiveState::none;
  std::string archive_name;       // e.g. "20261120.tar.gz" when an archive file exists
  std::string orphan_checksum;    // e.g. "20261120.tar.zst.sha256": a checksum file whose archive is missing
  bool archive_outdated = false; // raw/D's manifest is newer than the archive's checksum file
  std::optional<layout::Day> archive_written; // UTC day its record says it was written; nullopt: no record (older version)
};

// One file of metadata/ with the UTC day it was last written.
struct MetadataEntry {
  std::string path; // relative to metadata/
  layout::Day day;
};

// Everything the retention plan looks at, gathered by scan_inventory.
struct Inventory {
  std::vector<DayEntry> days; // ascending
  std::vector<MetadataEntry> metadata;
};

// One line of the plan: keep or prune one item of one area, and the rule that decided.
struct Decision {
  std::string area; // raw | processed | archive | reports | metadata
  std::string item; // the day, or the path below metadata/
  bool prune = false;
  std::string rule;
  std::vector<std::string> targets; // what pruning removes, relative to the data root
};

// The retention plan: every item of every area, in area order then day order.
struct RetentionPlan {
  std::vector<Decision> decisions;
  bool blocked = false; // an archive failed verification: nothing is pruned in this run
};

// Return the days whose archive must be verified before planning: raw or processed past retention with an archive present.
std::vector<layout::Day> days_needing_verification(const layout::Day& today, const RetentionPolicy& policy,
                                                   const Inventory& inventory);

// Return the raw days more than `older_than` days old that have no archive yet, or an outdated or leftover one.
std::vector<layout::Day> days_to_archive(const layout::Day& today, long older_than, const Inventory& inventory);

// Mark `days` as archived by this run (planned, written today) so a dry run plans what the real run will.
void assume_archived(Inventory& inventory, const std::vector<layout::Day>& days, const layout::Day& today,
                     std::string_view format);

// Decide keep or prune for every item; pure. A raw or processed day is pruned only with a verified
// archive; an archive's age counts from its written record (no record: from today); and a run never
// prunes both a day's archive and its raw or processed folder, so no run removes the last copy it made.
RetentionPlan plan_retention(const layout::Day& today, const RetentionPolicy& policy, const Inventory& inventory);

// Turn every prune of `plan` into a keep that gives `reason` (an integrity failure elsewhere in the run).
void block_plan(RetentionPlan& plan, const std::string& reason);

} // namespace fk::retention
