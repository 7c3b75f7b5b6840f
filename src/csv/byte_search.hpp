#pragma once

// Internal helpers of fk::csv: bulk search for the few bytes a CSV parser stops at.
// SSE2 is part of x86-64, so it is used there unconditionally; other targets use a portable loop.

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fk::csv::detail {

#if defined(__SSE2__)
// Return a 16-bit mask of the bytes at `p` equal to `c`.
inline std::uint32_t eq_mask16(__m128i block, char c) {
  return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(c))));
}
#endif

// Return the first byte in [p, end) equal to one of `a`, `b`, `c`, `d`, or `end`.
inline const char* find_any4(const char* p, const char* end, char a, char b, char c, char d) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c);
  const __m128i vd = _mm_set1_epi8(d);
  while (end - p >= 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, va), _mm_cmpeq_epi8(block, vb)),
                                      _mm_or_si128(_mm_cmpeq_epi8(block, vc), _mm_cmpeq_epi8(block, vd)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    const char x = *p;
    if (x == a || x == b || x == c || x == d) return p;
  }
  return end;
}

// Return the first byte in [p, end) equal to one of `a`, `b`, `c`, or `end`.
inline const char* find_any3(const char* p, const char* end, char a, char b, char c) {
  return find_any4(p, end, a, b, c, c);
}

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
