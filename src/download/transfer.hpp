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
  std::string file;                            // the requested path inside the version; empty: the whole version
  std::optional<std::uint32_t> crc32c = std::nullopt; // from x-goog-hash (a composite object has only this)

  // Return true when both describe the same object (unknown size or md5 on either side is no conflict).
  [[nodiscard]] bool same_object(const PartialIdentity& other) const;
};

// Ask Kaggle for a new signed URL of the same object (the old one expired); return it.
using RenewUrl = std::function<util::Result<std::string>()>;

// One storage object to fetch, resumable across runs.
struct TransferRequest {
  std::string url;                 // the signed storage URL (never logged in full)
  PartialIdentity identity;        // ref, version, object and file; size and md5 are learnt from the server
  std::filesystem::path partial_dir; // .staging/partial
  RenewUrl renew_url;              // empty: an expired URL fails the transfer
};

// How many new signed URLs one transfer may ask for before storage's refusals fail it.
inline constexpr int k_max_url_renewals = 3;

// What a finished transfer delivered.
struct TransferResult {
  std::uint64_t bytes = 0;          // the object's size
  std::string md5_hex;              // md5 of all its bytes
  std::uint32_t crc32c = 0;         // CRC-32C of all its bytes
  std::uint64_t resumed_from = 0;   // bytes taken from an earlier run's partial (0: fresh)
  int attempts = 0;                 // HTTP requests made
};

// Receive the object's bytes in order, each exactly once, from byte 0; return false to abort.
using ByteSink = std::function<bool(std::string_view bytes)>;

// Report progress: bytes delivered so far and the total when known.
using ProgressCallback = std::function<void(std::uint64_t done, std::optional<std::uint64_t> total)>;

// Fetch `request.url` into its partial file and `sink`, resuming a matching partial with Range,
// retrying network errors, 5xx and 429 (Retry-After) per `retry`, checking the size against
// Content-Length and the MD5 and CRC-32C against x-goog-hash. Only 200 and 206 bodies are data. A 416 naming the
// partial's size completes the transfer from the partial; any other 416 discards it and starts
// again from byte 0, once. A dead signed URL (400 ExpiredToken, 401, 403) is renewed through
// `request.renew_url`, at most k_max_url_renewals times. A stop request ends it with an interrupted
// error and keeps the partial for the next run; an md5 mismatch deletes the partial (integrity error).
// `sink` returning false ends it with the consumer's error.
util::Result<TransferResult> transfer(net::HttpClient& http, const TransferRequest& request,
                                      const net::RetryPolicy& retry, const ByteSink& sink,
                                      const ProgressCallback& progress, util::Logger& log);

// Return the partial file of `identity` under `partial_dir` (its identity sits beside it as .json):
// `<owner>_<slug>@v<N>@<readable file name>.<hash>.part`, the hash taken over the dataset, version
// and full requested path, so two files never share a partial.
std::filesystem::path partial_path(const std::filesystem::path& partial_dir, const PartialIdentity& identity);

// Delete the partial of `identity` and its identity file.
void discard_partial(const std::filesystem::path& partial_dir, const PartialIdentity& identity);

} // namespace fk::download
