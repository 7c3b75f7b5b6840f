#pragma once

#include "layout/data_root.hpp"
#include "migrate/execute.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <string>

namespace fk::migrate {

// The header of a migration report (or of the journal of a migration under way).
struct ReportHeader {
  std::string created_at; // ISO 8601 UTC
  std::string run_id;
  std::string layout; // fetch-kaggle-job | ingestion-engine
  std::filesystem::path from;
  bool finished = false; // false: the journal of a migration that has not finished
};

// A migration report as read back for --rollback or to resume.
struct MigrationReport {
  ReportHeader header;
  MigrationOutcome outcome;
};

// Return reports/migrate-journal.json: the migration under way, rewritten after each group.
std::filesystem::path journal_path(const layout::Layout& layout);

// Write `outcome` (items not yet done are left out of a journal) atomically to `path`.
util::Status write_report_file(const std::filesystem::path& path, const ReportHeader& header,
                               const MigrationOutcome& outcome);

// Write the finished migration's reports/migrate-<time>.json atomically; return its path.
util::Result<std::filesystem::path> write_migration_report(const layout::Layout& layout, const ReportHeader& header,
                                                           const MigrationOutcome& outcome);

// Read a report or journal written by write_report_file.
util::Result<MigrationReport> read_migration_report(const std::filesystem::path& path);

// Replace items of `current` that this run only found done (skipped as already migrated) by the
// journal's record of the killed run that did them, so the final report can undo them too.
void adopt_journal(MigrationOutcome& current, const MigrationOutcome& journal);

} // namespace fk::migrate
