#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace fk::cli {

// Options of `fetch-kaggle download`.
struct DownloadOptions {
  std::vector<std::string> refs;        // owner/slug or owner/slug/N
  std::vector<std::string> files;       // --files GLOB (repeatable)
  std::optional<std::string> config;    // --config FILE, else FETCH_KAGGLE_CONFIG
  std::optional<std::string> search;    // --search QUERY
  std::string user;                     // --user OWNER (with --search)
  std::size_t max_results = 20;         // --max N (with --search)
  bool force = false;                   // --force
  std::optional<std::string> api_endpoint;     // --api-endpoint, else KAGGLE_API_ENDPOINT
  std::optional<std::string> credentials_file; // --credentials-file (a mounted Secret)
  int retries = 5;                      // --retries: attempts per transfer or API call
  int retry_budget = 100;               // --retry-budget: retries per run, all calls and transfers together
  double max_retry_after = 60;          // --max-retry-after SECONDS
  double stall_timeout = 60;            // --stall-timeout SECONDS: the window of --min-speed
  std::string min_speed = "1K";         // --min-speed BYTES_PER_SEC (K, M suffixes)
  double max_ratio = 0;                 // --max-compression-ratio (per entry, opt-in; 0: off)
  std::string max_total = "64G";        // --max-extracted-bytes
  std::string max_entry = "64G";        // --max-entry-bytes
  std::optional<std::string> shard;     // --shard I/N: only this slice of the dataset list
};

// Register `download` on `app`.
CLI::App* add_download_command(CLI::App& app, DownloadOptions& options);

// Download datasets into raw/<day>/<owner>/<slug>/, verified and published atomically, with the day's manifest.
int run_download(Context& ctx, const DownloadOptions& options);

} // namespace fk::cli
