#pragma once

#include "cli/context.hpp"
#include "cli/run_scope.hpp"
#include "migrate/execute.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace fk::cli {

// Options of `fetch-kaggle migrate`.
struct MigrateOptions {
  std::string from;            // --from PATH: the old installation's root
  std::string layout = "auto"; // --layout auto|fetch-kaggle-job|ingestion-engine
  std::string dataset;         // --dataset owner/slug: overrides the old manifests' kaggle_id
  bool move = false;           // --move: remove each source once its copy is verified
  bool copy = false;           // --copy: the default, leave the sources in place
  std::string rollback;        // --rollback REPORT: undo the migration a report (or the journal) lists
  bool upgrade = false;        // --upgrade: bring a root written by an older fetch-kaggle to this layout
};

// Register `migrate` on `app`.
CLI::App* add_migrate_command(CLI::App& app, MigrateOptions& options);

// Bring an older layout into the data root, verified by sha256, and write reports/migrate-<time>.json
// (or undo one with --rollback, or upgrade the root's own layout with --upgrade).
int run_migrate(Context& ctx, const MigrateOptions& options);

// Print one item's outcome as a line on stdout (nothing with --json).
void print_item(Context& ctx, const migrate::ItemOutcome& item);

// Fill the run report's counts and errors from `outcome`, and print the --json summary.
void finish_result(Context& ctx, CommandResult& result, const migrate::MigrationOutcome& outcome,
                   const std::string& report_path, const std::vector<std::string>& statuses);

// Undo the migration listed in `options.rollback` (migrate_modes.cpp).
int run_migrate_rollback(Context& ctx, const MigrateOptions& options);

// Upgrade the data root's layout in place (migrate_modes.cpp).
int run_migrate_upgrade(Context& ctx, const MigrateOptions& options);

} // namespace fk::cli
