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

  // Return the first indexed byte at or after `p` (which must not be before the last one returned),
  // or the end of the chunk.
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

  [[nodiscard]] std::uint64_t mask64(const char* p) const noexcept {
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8(m_bytes[0]);
    const __m128i vb = _mm_set1_epi8(m_bytes[1]);
    const __m128i vc = _mm_set1_epi8(m_bytes[2]);
    const __m128i vd = _mm_set1_epi8(m_bytes[3]);
    std::uint64_t mask = 0;
    for (unsigned i = 0; i < 4; ++i) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, va), _mm_cmpeq_epi8(block, vb)),
                                        _mm_or_si128(_mm_cmpeq_epi8(block, vc), _mm_cmpeq_epi8(block, vd)));
      mask |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hits))) << (16 * i);
    }
    return mask;
#else
    std::uint64_t mask = 0;
    for (unsigned i = 0; i < 64; ++i) {
      const char x = p[i];
      if (x == m_bytes[0] || x == m_bytes[1] || x == m_bytes[2] || x == m_bytes[3]) mask |= std::uint64_t{1} << i;
    }
    return mask;
#endif
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
