#pragma once

#include "cli/context.hpp"
#include "load/pg_loader.hpp"
#include "load/load_summary.hpp"
#include "load/table_load.hpp"
#include "process/plan.hpp"
#include "process/validator.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

namespace fk::cli {

// The loading half of `process` (process_cmd.cpp is the validating half and the run).

// Describe what loading `plan` would do, writing under `folder` (the day's processed folder or its
// staged copy): one dataset per database, one table per file (checked first).
std::vector<load::DatasetLoad> plan_loads(const std::filesystem::path& folder, const process::ProcessPlan& plan);

// Print the load plan of --dry-run.
void print_load_plan(std::ostream& out, const std::vector<load::DatasetLoad>& loads,
                     const std::optional<load::PgTarget>& pg);

// Load every valid CSV of the day into databases under `staged` and write its load_summary.json
// there; paths in the summary and the output name `final_dir`, where the folder is published.
// With `pg`, load into PostgreSQL (one connection for the run) instead of SQLite.
util::Result<load::LoadSummary> load_day(Context& ctx, const process::ProcessPlan& plan,
                                         const process::ValidationReport& report, const csv::ScanOptions& scan,
                                         const std::optional<load::PgTarget>& pg, const std::filesystem::path& staged,
                                         const std::filesystem::path& final_dir);

} // namespace fk::cli
