#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "util/utf8.hpp"
#include <string_view>

namespace fk::csv {

using util::check_utf8_sequence;

// Validate UTF-8 over a stream fed chunk by chunk; sequences may be split across chunks.
class Utf8StreamValidator {
public:
  // Report the stream offset of each invalid byte to `on_invalid`.
  explicit Utf8StreamValidator(std::function<void(std::uint64_t offset)> on_invalid);

  // Check `chunk`, whose first byte is at stream offset `offset`.
  void feed(std::string_view chunk, std::uint64_t offset);

  // End the stream: a sequence cut by the end of the stream is invalid.
  void finish();

private:
  std::function<void(std::uint64_t)> m_on_invalid;
  unsigned char m_carry[4] = {};
  std::size_t m_carry_length = 0;
  std::uint64_t m_carry_offset = 0;
};

} // namespace fk::csv
