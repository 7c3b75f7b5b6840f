#include "csv/utf8_stream.hpp"

#include "csv/byte_search.hpp"
#include "util/utf8.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace fk::csv {

Utf8StreamValidator::Utf8StreamValidator(std::function<void(std::uint64_t)> on_invalid)
    : m_on_invalid(std::move(on_invalid)) {}

void Utf8StreamValidator::feed(std::string_view chunk, std::uint64_t offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(chunk.data());
  const std::size_t n = chunk.size();
  std::size_t i = 0;
  // First finish a sequence that the previous chunk cut.
  while (m_carry_length > 0) {
    unsigned char joined[8] = {};
    std::memcpy(joined, m_carry, m_carry_length);
    const std::size_t take = std::min(n, 4 - m_carry_length);
    std::memcpy(joined + m_carry_length, p, take);
    const int result = check_utf8_sequence(joined, m_carry_length + take);
    if (result < 0) {
      std::memcpy(m_carry + m_carry_length, p, n);
      m_carry_length += n;
      return;
    }
    if (result > 0) {
      const auto length = static_cast<std::size_t>(result);
      i = length > m_carry_length ? length - m_carry_length : 0;
      m_carry_length = 0;
      break;
    }
    m_on_invalid(m_carry_offset);
    std::memmove(m_carry, m_carry + 1, m_carry_length - 1);
    --m_carry_length;
    ++m_carry_offset;
  }
  // Fast path: check everything before the chunk's last sequence at once with simdjson's SIMD
  // validator; only a chunk holding an invalid byte goes through the loop below, which finds the
  // offsets. The last sequence (perhaps cut by the chunk's end) is always left to the loop.
  if (n - i > 64) {
    std::size_t last = n - 1;
    while (last > i && n - last < 4 && (p[last] & 0xC0) == 0x80) --last;
    const std::size_t cut = p[last] >= 0xC0 ? last : n;
    if (simdjson::validate_utf8(chunk.data() + i, cut - i)) i = cut;
  }
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      while (i + 16 <= n && detail::is_ascii16(chunk.data() + i)) i += 16;
      continue;
    }
    const int result = check_utf8_sequence(p + i, n - i);
    if (result > 0) {
      i += static_cast<std::size_t>(result);
    } else if (result == 0) {
      m_on_invalid(offset + i);
      ++i;
    } else {
      m_carry_length = n - i;
      std::memcpy(m_carry, p + i, m_carry_length);
      m_carry_offset = offset + i;
      return;
    }
  }
}

void Utf8StreamValidator::finish() {
  if (m_carry_length > 0) m_on_invalid(m_carry_offset);
  m_carry_length = 0;
}

} // namespace fk::csv
