#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "download/fetch_object.hpp"
#include "download/plan.hpp"
#include "kaggle/client.hpp"
#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "net/retry_policy.hpp"
#include "util/clock.hpp"

namespace fk::download {

// What the user asked `download` for.
struct DownloadRequest {
  std::vector<kaggle::DatasetRef> refs;
  std::vector<std::string> globs;     // --files: take only matching files
  std::map<std::string, std::vector<std::string>> globs_by_ref; // per "owner/slug", from --config
  std::optional<std::string> search;  // --search: discover datasets
  std::string user;                   // --user: owner filter for --search
  std::size_t max_results = 20;       // --max
  bool force = false;                 // fetch even when unchanged
  net::RetryConfig retry;
  std::uint64_t max_total_bytes = 64ULL << 30U;
  std::uint64_t max_entry_bytes = 64ULL << 30U;
  double max_ratio = 0; // per entry, opt-in
};

// One dataset resolved against the API: a plan, or why it could not be planned.
struct PlannedDataset {
  kaggle::DatasetRef ref;
  std::optional<DatasetPlan> plan;
  std::optional<util::Error> error;
  bool search = false; // the --search itself failed: no dataset to record in the manifest
};

// What happened to one dataset.
struct DatasetOutcome {
  std::string ref;
  std::int64_t version = 0;
  std::string status; // downloaded | unchanged | failed
  std::string reason;
  std::optional<util::Error> error;
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t records = 0;
  std::uint64_t archive_bytes = 0;
  std::uint64_t resumed_bytes = 0;
  double seconds = 0;
};

// Where the downloader reads and writes, and with what.
struct DownloaderContext {
  const layout::Layout& layout;
  const layout::Day& day;
  kaggle::KaggleClient& client;
  net::HttpClient& http;
  util::Logger& log;
  util::Clock clock;
  std::filesystem::path staging;  // this run's staging folder
  ProgressCallback progress;      // may be empty
};

// Resolve every requested dataset (versions, licences, files) and plan it against the state and the
// day's manifest; reads only.
std::vector<PlannedDataset> plan_downloads(DownloaderContext& ctx, const DownloadRequest& request,
                                           const DownloadState& state);

// Carry out the plans: fetch, verify, publish into raw/<day>/, merge the day's manifest and
// update the state, dataset by dataset; a dataset that could not be planned is recorded as failed
// (with its error kind) in the day's manifest. A stop request propagates as util::Failure after the
// current dataset's staging is cleaned (its partial download is kept for the next run).
std::vector<DatasetOutcome> execute_downloads(DownloaderContext& ctx, const DownloadRequest& request,
                                              const std::vector<PlannedDataset>& planned, DownloadState& state);

} // namespace fk::download
