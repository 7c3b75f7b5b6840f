// Fuzz the HTTP header value parsers (src/net/header_parsers.hpp): Retry-After, HTTP dates,
// x-goog-hash and Content-Range, with the guarantees their declarations make checked on every
// accepted value. The first input byte picks the parser; the rest is the header value.

#include "net/header_parsers.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view value(reinterpret_cast<const char*>(data + 1), size - 1);
  // A fixed "now" keeps runs reproducible: 2026-01-01T00:00:00Z.
  const fk::util::TimePoint now{std::chrono::seconds(1'767'225'600)};

  switch (data[0] % 4U) {
  case 0: {
    const auto wait = fk::net::parse_retry_after(value, now);
    if (wait && wait->count() < 0) std::abort(); // a negative wait must become 0
    break;
  }
  case 1: {
    (void)fk::net::parse_http_date(value);
    break;
  }
  case 2: {
    const auto md5 = fk::net::parse_goog_hash_md5(value);
    if (md5 && md5->size() != 16) std::abort(); // the raw digest is 16 bytes
    break;
  }
  default: {
    const auto range = fk::net::parse_content_range(value);
    if (range) {
      if (range->start > range->end) std::abort();                   // an inverted range is malformed
      if (range->total && range->end >= *range->total) std::abort(); // the end lies inside the total
    }
    break;
  }
  }
  return 0;
}
