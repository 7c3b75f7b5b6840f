#pragma once

#include "cli/context.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace fk::cli {

// Options of `fetch-kaggle archive`.
struct ArchiveOptions {
  std::optional<std::string> older_than; // --older-than 7d (the default selection without --date)
  std::string format = "tar.gz";         // --format tar.gz|tar.zst
  std::optional<int> level;              // --level N (gzip 1-12, default 5; zstd 1-19, default 1)
  unsigned threads = 0;                  // --threads N (0: one per core)
  std::optional<std::string> keep_raw, keep_processed, keep_reports, keep_metadata, keep_archive;
  std::optional<std::string> config; // --config FILE, else FETCH_KAGGLE_CONFIG: its `retention:` mapping
  bool no_prune = false;             // --no-prune: archive only
};

// Register `archive` on `app`.
CLI::App* add_archive_command(CLI::App& app, ArchiveOptions& options);

// Archive the selected days into verified archive/YYYYMMDD.tar.gz files, then apply retention.
int run_archive(Context& ctx, const ArchiveOptions& options);

} // namespace fk::cli
