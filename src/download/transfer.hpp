#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "net/http_client.hpp"
#include "net/retry_policy.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace fk::download {

// What a partial transfer in .staging/partial/ holds, so that a later run only glues matching bytes.
struct PartialIdentity {
  std::string ref;                             // owner/slug
  std::int64_t version = 0;
  std::string object;                          // storage object name, e.g. archive.zip
  std::optional<std::uint64_t> expected_bytes; // the object's size, from Content-Length / Content-Range
  std::string md5_hex;                         // from x-goog-hash, empty when the server sent none

  // Return true when both describe the same object (unknown size or md5 on either side is no conflict).
  [[nodiscard]] bool same_object(const PartialIdentity& other) const;
};

// One storage object to fetch, resumable across runs.
struct TransferRequest {
  std::string url;                 // the signed storage URL (never logged in full)
  PartialIdentity identity;        // ref, version and object; size and md5 are learnt from the server
  std::filesystem::path partial_dir; // .staging/partial
};

// What a finished transfer delivered.
struct TransferResult {
  std::uint64_t bytes = 0;          // the object's size
  std::string md5_hex;              // md5 of all its bytes
  std::uint64_t resumed_from = 0;   // bytes taken from an earlier run's partial (0: fresh)
  int attempts = 0;                 // HTTP requests made
};

// Receive the object's bytes in order, each exactly once, from byte 0; return false to abort.
using ByteSink = std::function<bool(std::string_view bytes)>;

// Report progress: bytes delivered so far and the total when known.
using ProgressCallback = std::function<void(std::uint64_t done, std::optional<std::uint64_t> total)>;

// Fetch `request.url` into its partial file and `sink`, resuming a matching partial with Range,
// retrying network errors, 5xx and 429 (Retry-After) per `retry`, checking the size against
// Content-Length and the MD5 against x-goog-hash. A stop request ends it with an interrupted error
// and keeps the partial for the next run; an md5 mismatch deletes the partial (integrity error).
// `sink` returning false ends it with the sink's reason: `sink_error` says what it was.
util::Result<TransferResult> transfer(net::HttpClient& http, const TransferRequest& request,
                                      const net::RetryPolicy& retry, const ByteSink& sink,
                                      const ProgressCallback& progress, util::Logger& log);

// Return the partial file of `identity` under `partial_dir` (its identity sits beside it as .json).
std::filesystem::path partial_path(const std::filesystem::path& partial_dir, const PartialIdentity& identity);

// Delete the partial of `identity` and its identity file.
void discard_partial(const std::filesystem::path& partial_dir, const PartialIdentity& identity);

} // namespace fk::download
