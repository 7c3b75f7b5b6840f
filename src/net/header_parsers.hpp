#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.hpp"

namespace fk::net {

// Parse a Retry-After value: delta-seconds (a decimal, possibly fractional) or an RFC 1123
// HTTP-date, returned as the wait from `now`; a negative wait becomes 0, garbage gives nullopt.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, util::TimePoint now);

// Parse an RFC 1123 HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT"); nullopt when malformed.
std::optional<util::TimePoint> parse_http_date(std::string_view value);

// Return the raw 16-byte MD5 digest from an x-goog-hash value ("crc32c=...,md5=..."; repeated
// headers joined with commas); nullopt when no valid md5 entry is present.
std::optional<std::string> parse_goog_hash_md5(std::string_view value);

// Return the CRC-32C from an x-goog-hash value ("crc32c=<base64 of 4 big-endian bytes>"); nullopt
// when no valid crc32c entry is present. A composite object has this and no md5.
std::optional<std::uint32_t> parse_goog_hash_crc32c(std::string_view value);

// The byte range of a 206 response, from "Content-Range: bytes <start>-<end>/<total|*>".
struct ContentRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;                // inclusive
  std::optional<std::uint64_t> total;   // nullopt when the server sent "*"
};

// Parse a Content-Range value; nullopt when malformed, not in bytes, or unsatisfied ("bytes */N").
std::optional<ContentRange> parse_content_range(std::string_view value);

// Return N from the Content-Range of a 416 ("bytes */N": the object's length); nullopt otherwise.
std::optional<std::uint64_t> parse_unsatisfied_range(std::string_view value);

} // namespace fk::net
