// detail::StructuralIndex against a byte-by-byte search: every start, every length around the
// 64-byte blocks, dense and sparse separators, and no quote character.
#include "csv/byte_search.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using fk::csv::detail::StructuralIndex;

namespace {

// Return the offsets of every byte of `text` from `start` equal to one of the four, in order.
std::vector<std::size_t> naive(const std::string& text, std::size_t start, const char (&bytes)[4]) {
  std::vector<std::size_t> hits;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == bytes[0] || c == bytes[1] || c == bytes[2] || c == bytes[3]) hits.push_back(i);
  }
  return hits;
}

// Walk `text` from `start` with the index, asking from one past each hit (as the scanner does).
std::vector<std::size_t> indexed(const std::string& text, std::size_t start, const char (&bytes)[4]) {
  StructuralIndex index;
  const char* begin = text.data();
  const char* end = begin + text.size();
  index.reset(begin, end, bytes[0], bytes[1], bytes[2], bytes[3]);
  std::vector<std::size_t> hits;
  for (const char* p = begin + start; p < end;) {
    const char* hit = index.next(p);
    if (hit == end) break;
    hits.push_back(static_cast<std::size_t>(hit - begin));
    p = hit + 1;
  }
  return hits;
}

// Return `length` pseudo-random bytes where one in `spread` is taken from `separators`.
std::string text_of(std::size_t length, unsigned spread, const std::string& separators, std::uint64_t seed) {
  std::string text;
  for (std::size_t i = 0; i < length; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto r = static_cast<unsigned>(seed >> 33U);
    text.push_back(r % spread == 0 ? separators[r / spread % separators.size()]
                                   : static_cast<char>("ab\xD7\x90 9.-'"[r % 10]));
  }
  return text;
}

} // namespace

TEST_CASE("StructuralIndex finds what a byte-by-byte search finds, across block edges") {
  const char quoted[4] = {',', '\n', '\r', '"'};
  const char unquoted[4] = {';', '\n', '\r', ';'}; // no quoting: the delimiter twice
  for (const unsigned spread : {1U, 3U, 17U, 200U}) {
    for (std::size_t length : {0U, 1U, 63U, 64U, 65U, 127U, 128U, 129U, 300U}) {
      const std::string text = text_of(length, spread, ",\n\r\";", length * 31U + spread);
      for (std::size_t start = 0; start <= length && start < 70; ++start) {
        INFO("spread " << spread << " length " << length << " start " << start);
        CHECK(indexed(text, start, quoted) == naive(text, start, quoted));
        CHECK(indexed(text, start, unquoted) == naive(text, start, unquoted));
      }
    }
  }
}

TEST_CASE("StructuralIndex skips ahead when asked from far past its block, and ends at the chunk's end") {
  std::string text(1000, 'x');
  text[10] = ',';
  text[500] = '\n';
  text[999] = '"';
  StructuralIndex index;
  const char* begin = text.data();
  index.reset(begin, begin + text.size(), ',', '\n', '\r', '"');
  CHECK(index.next(begin) == begin + 10);
  CHECK(index.next(begin + 300) == begin + 500); // from a point several blocks on
  CHECK(index.next(begin + 501) == begin + 999);
  CHECK(index.next(begin + 1000) == begin + 1000); // asked at the end: the end
}
