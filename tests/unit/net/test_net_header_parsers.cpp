#include "net/header_parsers.hpp"
#include "net/http_headers.hpp"
#include "util/hash.hpp"

#include <catch2/catch.hpp>

using namespace fk::net;
using namespace std::chrono_literals;

namespace {

// 1994-11-06T08:49:37Z, the RFC 7231 example date.
const fk::util::TimePoint k_rfc_example = std::chrono::system_clock::from_time_t(784111777);

} // namespace

TEST_CASE("parse_retry_after reads delta-seconds, including fractions") {
  CHECK(parse_retry_after("120", k_rfc_example) == 120000ms);
  CHECK(parse_retry_after(" 1.5 ", k_rfc_example) == 1500ms);
  CHECK(parse_retry_after("0", k_rfc_example) == 0ms);
}

TEST_CASE("parse_retry_after clamps negative values to zero") {
  CHECK(parse_retry_after("-5", k_rfc_example) == 0ms);
  CHECK(parse_retry_after("-0.5", k_rfc_example) == 0ms);
}

TEST_CASE("parse_retry_after reads an RFC 1123 HTTP-date relative to now") {
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", k_rfc_example) == 30000ms);
  // A date in the past means "now".
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", k_rfc_example) == 0ms);
}

TEST_CASE("parse_retry_after rejects garbage") {
  CHECK_FALSE(parse_retry_after("", k_rfc_example));
  CHECK_FALSE(parse_retry_after("soon", k_rfc_example));
  CHECK_FALSE(parse_retry_after("12abc", k_rfc_example));
  CHECK_FALSE(parse_retry_after("nan", k_rfc_example));
  CHECK_FALSE(parse_retry_after("Sun, 06 Nov 1994 08:50:07 UTC", k_rfc_example));
  CHECK_FALSE(parse_retry_after("Sun, 32 Foo 1994 08:50:07 GMT", k_rfc_example));
}

TEST_CASE("parse_http_date gives the exact instant") {
  const auto parsed = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  REQUIRE(parsed);
  CHECK(*parsed == k_rfc_example);
  CHECK_FALSE(parse_http_date("06 Nov 1994 08:49:37 GMT"));
}

TEST_CASE("parse_goog_hash_md5 finds md5 among other hashes") {
  const std::string expected = *fk::util::base64_decode("Ojk9c3dhfxgoKVVHYwFbHQ==");
  REQUIRE(expected.size() == 16);
  CHECK(parse_goog_hash_md5("crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ==") == expected);
  CHECK(parse_goog_hash_md5("crc32c=n03x6A==, md5=Ojk9c3dhfxgoKVVHYwFbHQ==") == expected);
  CHECK(parse_goog_hash_md5("md5=Ojk9c3dhfxgoKVVHYwFbHQ==, crc32c=n03x6A==") == expected);
}

TEST_CASE("parse_goog_hash_md5 reads repeated headers joined by HttpHeaders") {
  HttpHeaders headers;
  headers.add("X-Goog-Hash", "crc32c=n03x6A==");
  headers.add("x-goog-hash", "md5=Ojk9c3dhfxgoKVVHYwFbHQ==");
  const auto joined = headers.get_joined("x-goog-hash");
  REQUIRE(joined);
  CHECK(parse_goog_hash_md5(*joined) == *fk::util::base64_decode("Ojk9c3dhfxgoKVVHYwFbHQ=="));
}

TEST_CASE("parse_goog_hash_md5 gives nullopt without a valid md5") {
  CHECK_FALSE(parse_goog_hash_md5("crc32c=n03x6A=="));
  CHECK_FALSE(parse_goog_hash_md5(""));
  CHECK_FALSE(parse_goog_hash_md5("md5=not-base64!!"));
  CHECK_FALSE(parse_goog_hash_md5("md5=AAAA")); // valid base64, but 3 bytes, not 16
}

TEST_CASE("parse_content_range reads start, end and total") {
  const auto range = parse_content_range("bytes 100-999/1000");
  REQUIRE(range);
  CHECK(range->start == 100);
  CHECK(range->end == 999);
  CHECK(range->total == 1000U);
  const auto unknown_total = parse_content_range("bytes 0-9/*");
  REQUIRE(unknown_total);
  CHECK_FALSE(unknown_total->total);
}

TEST_CASE("parse_content_range rejects malformed and unsatisfied ranges") {
  CHECK_FALSE(parse_content_range("bytes */1000"));
  CHECK_FALSE(parse_content_range("items 0-9/10"));
  CHECK_FALSE(parse_content_range("bytes 9-0/10"));
  CHECK_FALSE(parse_content_range("bytes 0-10/10"));
  CHECK_FALSE(parse_content_range("bytes 0-x/10"));
  CHECK_FALSE(parse_content_range(""));
}

TEST_CASE("HttpHeaders looks names up case-insensitively and trims values") {
  HttpHeaders headers;
  CHECK(headers.add_line("Content-Length:  42 \r\n"));
  CHECK_FALSE(headers.add_line("HTTP/1.1 200 OK\r\n"));
  CHECK(headers.get("content-length") == std::string("42"));
  CHECK_FALSE(headers.get("content-type"));
}

TEST_CASE("parse_retry_after refuses HTTP-dates beyond what the clock can hold (fuzz regression)") {
  const auto now = std::chrono::system_clock::from_time_t(1700000000);
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2510 07:28:00 GMT", now).has_value());
  CHECK_FALSE(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now).has_value());
}

TEST_CASE("parse_unsatisfied_range reads the object's length from a 416's Content-Range") {
  CHECK(parse_unsatisfied_range("bytes */34877") == std::optional<std::uint64_t>(34877));
  CHECK(parse_unsatisfied_range(" Bytes */0 ") == std::optional<std::uint64_t>(0));
  CHECK_FALSE(parse_unsatisfied_range("bytes 0-9/10").has_value());
  CHECK_FALSE(parse_unsatisfied_range("bytes */").has_value());
  CHECK_FALSE(parse_unsatisfied_range("bytes */12x").has_value());
  CHECK_FALSE(parse_unsatisfied_range("").has_value());
  CHECK_FALSE(parse_unsatisfied_range("items */5").has_value());
}

TEST_CASE("parse_goog_hash_crc32c reads GCS's big-endian CRC-32C, with or without an md5 beside it") {
  // n03x6A== is 0x9f4df1e8 (kaggle-api.md's example header).
  CHECK(parse_goog_hash_crc32c("crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ==") == std::optional<std::uint32_t>(0x9f4df1e8U));
  CHECK(parse_goog_hash_crc32c("crc32c=n03x6A==") == std::optional<std::uint32_t>(0x9f4df1e8U));
  CHECK(parse_goog_hash_crc32c("md5=Ojk9c3dhfxgoKVVHYwFbHQ==, CRC32C = n03x6A==") == std::optional<std::uint32_t>(0x9f4df1e8U));
  CHECK_FALSE(parse_goog_hash_crc32c("md5=Ojk9c3dhfxgoKVVHYwFbHQ==").has_value());
  CHECK_FALSE(parse_goog_hash_crc32c("crc32c=Ojk9c3dhfxgoKVVHYwFbHQ==").has_value()); // 16 bytes: not a crc32c
  CHECK_FALSE(parse_goog_hash_crc32c("crc32c=!!").has_value());
}
