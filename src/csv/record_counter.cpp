#include "csv/record_counter.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fk::csv {

namespace {

struct BlockMasks {
  std::uint64_t quotes = 0;
  std::uint64_t terminators = 0;
};

// Return, for each of the 64 bytes at `p`, whether it is `quote` and whether it is LF or CR.
BlockMasks classify_block(const char* p, char quote) noexcept {
  BlockMasks masks;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i qv = _mm_set1_epi8(quote);
  for (unsigned k = 0; k < 4; ++k) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const auto t = static_cast<std::uint32_t>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, lf), _mm_cmpeq_epi8(b, cr))));
    const auto q = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, qv)));
    masks.terminators |= static_cast<std::uint64_t>(t) << (16 * k);
    masks.quotes |= static_cast<std::uint64_t>(q) << (16 * k);
  }
#else
  for (unsigned i = 0; i < 64; ++i) {
    const char c = p[i];
    if (c == '\n' || c == '\r') masks.terminators |= std::uint64_t{1} << i;
    if (c == quote) masks.quotes |= std::uint64_t{1} << i;
  }
#endif
  if (quote == '\0') masks.quotes = 0;
  return masks;
}

// Return the running XOR of `x` from bit 0 upwards: bit i is set when an odd number of bits <= i are.
std::uint64_t prefix_xor(std::uint64_t x) noexcept {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

} // namespace

RecordCounter::RecordCounter(char quote_char) noexcept : m_quote(quote_char) {}

void RecordCounter::process_block(const char* block, std::size_t length) noexcept {
  BlockMasks masks = classify_block(block, m_quote);
  if (length < k_block) {
    const std::uint64_t valid = (std::uint64_t{1} << length) - 1;
    masks.quotes &= valid;
    masks.terminators &= valid;
  }
  const std::uint64_t inside = prefix_xor(masks.quotes) ^ m_in_quote;
  const std::uint64_t previous = (masks.terminators << 1) | m_prev_terminator;
  // A terminator outside quotes ends a record unless the byte before it ended a line too.
  const std::uint64_t record_ends = masks.terminators & ~inside & ~previous;
  m_records += static_cast<std::uint64_t>(std::popcount(record_ends));
  m_in_quote = (inside >> 63) != 0 ? ~std::uint64_t{0} : 0;
  m_prev_terminator = masks.terminators >> 63;
  if (length > 0) m_ends_with_terminator = (((masks.terminators & ~inside) >> (length - 1)) & 1) != 0;
}

void RecordCounter::feed(std::string_view chunk) noexcept {
  const char* p = chunk.data();
  std::size_t left = chunk.size();
  m_bytes += left;
  if (m_tail_length > 0) {
    const std::size_t take = std::min(left, k_block - m_tail_length);
    std::memcpy(m_tail + m_tail_length, p, take);
    m_tail_length += take;
    p += take;
    left -= take;
    if (m_tail_length < k_block) return;
    process_block(m_tail, k_block);
    m_tail_length = 0;
  }
  while (left >= k_block) {
    process_block(p, k_block);
    p += k_block;
    left -= k_block;
  }
  if (left > 0) std::memcpy(m_tail, p, left);
  m_tail_length = left;
}

std::uint64_t RecordCounter::finish() noexcept {
  if (m_tail_length > 0) {
    std::memset(m_tail + m_tail_length, 0, k_block - m_tail_length);
    process_block(m_tail, m_tail_length);
    m_tail_length = 0;
  }
  const bool open_record = m_bytes > 0 && !m_ends_with_terminator;
  return m_records + (open_record ? 1 : 0);
}

std::uint64_t count_records(std::string_view text, char quote_char) noexcept {
  RecordCounter counter(quote_char);
  counter.feed(text);
  return counter.finish();
}

} // namespace fk::csv
