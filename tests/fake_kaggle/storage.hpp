#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "fake_kaggle/api.hpp"
#include "fake_kaggle/checksums.hpp"
#include "fake_kaggle/dataset_store.hpp"
#include "fake_kaggle/faults.hpp"
#include "fake_kaggle/pacing.hpp"
#include "fake_kaggle/zip_cache.hpp"
#include "util/error.hpp"

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace fk::fake_kaggle {

// A storage object: a dataset file as is, or a zip built from dataset files.
struct StorageObject {
  std::filesystem::path file;   // the bytes to serve
  std::uint64_t size = 0;
  util::TimePoint last_modified; // newest mtime of the files it holds
  std::string content_type;     // application/zip or application/octet-stream
};

// Resolve `name` of `owner`/`slug` version `version`: "archive.zip" is the whole version zipped,
// a file's name is that file, "<file>.zip" is that one file zipped (entry named by its basename).
util::Result<StorageObject> resolve_storage_object(const DatasetStore& store, ZipCache& zips, std::string_view owner,
                                                   std::string_view slug, std::int64_t version, std::string_view name);

// What a Range header asks of an object of a given length.
struct RangeDecision {
  bool partial = false;       // answer 206 with [first, last]
  bool unsatisfiable = false; // answer 416
  std::uint64_t first = 0;
  std::uint64_t last = 0;     // inclusive
};

// Decide how to answer Range header `header` (empty: none) for an object of `length` bytes; forms other
// than "bytes=N-", "bytes=N-M" and "bytes=-N" are ignored, as RFC 9110 allows.
RangeDecision decide_range(std::string_view header, std::uint64_t length);

// Format `t` as an RFC 1123 date ("Fri, 29 Mar 2019 11:04:09 GMT").
std::string http_date(util::TimePoint t);

// Return GCS's XML error reply for `status`: `<Error><Code>..</Code><Message>..</Message><Details>..</Details></Error>`,
// with the usual code of that status unless `code` names one (e.g. "ExpiredToken" for a 400).
Reply storage_error_reply(int status, std::string_view details = {}, std::string_view code = {});

// Remember which signed URLs (by X-Goog-Signature) have expired and what they answer now; thread-safe.
class ExpiredUrls {
public:
  // Make the URL signed with `signature` answer `status` (400: ExpiredToken, 401, 403) from now on.
  void expire(const std::string& signature, int status);
  // Return the status a dead URL answers, or nullopt while it is valid.
  [[nodiscard]] std::optional<int> status_of(const std::string& signature) const;

private:
  mutable std::mutex m_mutex;
  std::map<std::string, int, std::less<>> m_dead;
};

// What the storage endpoint needs.
struct StorageContext {
  const DatasetStore& store;
  ZipCache& zips;
  DigestCache& digests;
  FaultBook& faults;
  ExpiredUrls& expired;
  RateLimiter* throttle = nullptr; // --throttle-bytes-per-sec
  const std::atomic<bool>& stopping;
};

// Answer GET /storage/<owner>/<slug>/<N>/<name> (matched groups 1-4 of the route).
void handle_storage(const StorageContext& context, const httplib::Request& request, httplib::Response& response);

} // namespace fk::fake_kaggle
