#pragma once

#include "cli/context.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fk::cli {

// Options of `fetch-kaggle process`.
struct ProcessOptions {
  std::vector<std::string> refs;           // owner/slug; empty: every dataset downloaded that day
  std::string fail_on = "error";           // --fail-on error|warning|never
  bool no_load = false;                    // --no-load: validate only, do not load into SQLite
  std::vector<std::string> schemas;        // --schema [GLOB=]PATH, repeatable: Table Schema contracts
  std::optional<std::string> config;       // --config: the datasets config (its `schemas:` entries)
  std::optional<std::string> database_url; // --database-url (env DATABASE_URL): load into PostgreSQL, not SQLite
  unsigned threads = 0;                    // --threads: files validated at once (0: one per core)
};

// Register `process` on `app`.
CLI::App* add_process_command(CLI::App& app, ProcessOptions& options);

// Re-check a day's raw files against its manifest, validate every CSV and write
// processed/<day>/validation_report.json with the inferred schemas; then, unless --no-load, load
// every valid CSV into SQLite and write processed/<day>/load_summary.json.
int run_process(Context& ctx, const ProcessOptions& options);

} // namespace fk::cli
