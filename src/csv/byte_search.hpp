#pragma once

// Internal helpers of fk::csv: bulk search for the few bytes a CSV parser stops at.
// SSE2 is part of x86-64, so it is used there unconditionally; other targets use a portable loop.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fk::csv::detail {

// Say whether `x` is one of `a`, `b`, `c` and `d`.
inline bool is_any4(char x, char a, char b, char c, char d) { return x == a || x == b || x == c || x == d; }

#if defined(__SSE2__)
// Four bytes to compare with, each repeated across a vector.
struct Splat4 {
  __m128i a, b, c, d;
  Splat4(char x, char y, char z, char w)
      : a(_mm_set1_epi8(x)), b(_mm_set1_epi8(y)), c(_mm_set1_epi8(z)), d(_mm_set1_epi8(w)) {}
};

// Return a 16-bit mask of the 16 bytes at `p` equal to one of the four bytes of `v`.
inline unsigned any4_mask16(const char* p, const Splat4& v) {
  const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, v.a), _mm_cmpeq_epi8(block, v.b)),
                                    _mm_or_si128(_mm_cmpeq_epi8(block, v.c), _mm_cmpeq_epi8(block, v.d)));
  return static_cast<unsigned>(_mm_movemask_epi8(hits));
}
#endif

// Return the first byte in [p, end) equal to one of `a`, `b`, `c`, `d`, or `end`.
inline const char* find_any4(const char* p, const char* end, char a, char b, char c, char d) {
#if defined(__SSE2__)
  const Splat4 v(a, b, c, d);
  while (end - p >= 16) {
    const unsigned mask = any4_mask16(p, v);
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (is_any4(*p, a, b, c, d)) return p;
  }
  return end;
}

// Return the first byte in [p, end) equal to one of `a`, `b`, `c`, or `end`.
inline const char* find_any3(const char* p, const char* end, char a, char b, char c) {
  return find_any4(p, end, a, b, c, c);
}

// Hand out, in order, the bytes of a chunk equal to one of four bytes (a CSV's delimiter, '\n',
// '\r' and its quote), comparing 64 bytes at a time into a bit mask instead of searching again
// from every field.
class StructuralIndex {
public:
  // Index [begin, end) for the bytes `a`, `b`, `c` and `d` (repeat one to look for fewer).
  void reset(const char* begin, const char* end, char a, char b, char c, char d) noexcept {
    m_end = end;
    m_block = begin;
    m_bytes = {a, b, c, d};
    load(begin);
  }

  // Return the first indexed byte at or after `p`, or the end of the chunk; asking in increasing
  // order (as a parser does) reuses the current 64-byte mask.
  const char* next(const char* p) noexcept {
    if (p < m_block || p - m_block >= 64) load(p);
    std::uint64_t mask = m_mask & (~std::uint64_t{0} << static_cast<unsigned>(p - m_block));
    while (mask == 0) {
      if (m_end - m_block <= 64) return m_end;
      load(m_block + 64);
      mask = m_mask;
    }
    return m_block + __builtin_ctzll(mask);
  }

private:
  // Compute the mask of the 64 bytes from `block` (fewer at the end of the chunk).
  void load(const char* block) noexcept {
    m_block = block;
    const std::ptrdiff_t left = m_end - block;
    if (left >= 64) {
      m_mask = mask64(block);
      return;
    }
    char tail[64];
    std::memset(tail, 0, sizeof tail);
    if (left > 0) std::memcpy(tail, block, static_cast<std::size_t>(left));
    m_mask = left > 0 ? mask64(tail) & ((std::uint64_t{1} << static_cast<unsigned>(left)) - 1U) : 0;
  }

  // Return the mask of the indexed bytes among the 64 at `p`.
  [[nodiscard]] std::uint64_t mask64(const char* p) const noexcept {
    std::uint64_t mask = 0;
#if defined(__SSE2__)
    const Splat4 v(m_bytes[0], m_bytes[1], m_bytes[2], m_bytes[3]);
    for (unsigned i = 0; i < 4; ++i) mask |= std::uint64_t{any4_mask16(p + 16 * i, v)} << (16 * i);
#else
    for (unsigned i = 0; i < 64; ++i) {
      if (is_any4(p[i], m_bytes[0], m_bytes[1], m_bytes[2], m_bytes[3])) mask |= std::uint64_t{1} << i;
    }
#endif
    return mask;
  }

  const char* m_end = nullptr;
  const char* m_block = nullptr; // start of the 64 bytes m_mask covers
  std::uint64_t m_mask = 0;
  std::array<char, 4> m_bytes{};
};

// Return true when the 16 bytes at `p` hold no byte with the high bit set.
inline bool is_ascii16(const char* p) {
#if defined(__SSE2__)
  return _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))) == 0;
#else
  std::uint64_t words[2] = {};
  std::memcpy(words, p, sizeof words);
  return ((words[0] | words[1]) & 0x8080808080808080ULL) == 0;
#endif
}

} // namespace fk::csv::detail
