#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace fk::fake_kaggle {

// Which body shape error responses use.
enum class ErrorShape {
  legacy, // {"code":404,"message":"Not found"}
  google, // {"error":{"code":404,"message":"...","status":"NOT_FOUND"}}
};

// What kind of request a rule is matched against.
enum class RequestKind { api, storage };

// One fault injection rule, as documented in tests/fake_kaggle/README.md.
struct FaultRule {
  std::string match = "any";      // "storage", "api", "any" or an API method name such as "DownloadDataset"
  std::int64_t count = 1;         // requests left; -1 means forever
  std::optional<int> status;      // answer with this error status instead of the real response
  std::optional<std::string> retry_after; // raw Retry-After header value
  std::optional<ErrorShape> error_shape;  // shape of error bodies (injected or real) while it applies
  std::optional<std::uint64_t> cut_after_bytes; // close the connection after this many body bytes
  bool wrong_md5 = false;         // report the md5 of other bytes in x-goog-hash
  bool wrong_crc32c = false;      // report the crc32c of other bytes in x-goog-hash
  bool crc32c_only = false;       // storage: x-goog-hash carries crc32c only, as for a GCS composite object
  bool expire_url = false;        // storage: this request's signed URL expires now (400 ExpiredToken, or `status`)
  std::optional<std::uint64_t> trickle_bytes_per_sec; // send the body this slowly
  std::vector<std::string> omit_headers; // leave out these response headers

  // Return true when this rule applies to a request of `kind` for API method `method`.
  [[nodiscard]] bool matches(RequestKind kind, std::string_view method) const;
  // Return true when `header` (case-insensitive) is listed in omit_headers.
  [[nodiscard]] bool omits(std::string_view header) const;
};

// A rule that applied to one request, with its index in the rule list.
struct AppliedFault {
  std::size_t index = 0;
  FaultRule rule;
};

// Parse a JSON array of rules (a single rule object is accepted too); `what` names the source.
util::Result<std::vector<FaultRule>> parse_fault_rules(std::string_view json, std::string_view what);

// Hold the active rules; thread-safe.
class FaultBook {
public:
  // Append `rules` after the existing ones.
  void append(std::vector<FaultRule> rules);

  // Remove every rule (indexes restart at 0).
  void clear();

  // Find the first matching rule with count left, use up one count and return it.
  std::optional<AppliedFault> take(RequestKind kind, std::string_view method);

  // Return the rules and their remaining counts as a JSON array.
  [[nodiscard]] std::string to_json() const;

private:
  mutable std::mutex m_mutex;
  std::vector<FaultRule> m_rules;
};

} // namespace fk::fake_kaggle
