#include "util/utf8.hpp"

namespace fk::util {

int check_utf8_sequence(const unsigned char* s, std::size_t available) noexcept {
  if (available == 0) return -1;
  const unsigned char b0 = s[0];
  if (b0 < 0x80) return 1;
  int length = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) lo = 0xA0;      // no overlongs
    else if (b0 == 0xED) hi = 0x9F; // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) lo = 0x90;      // no overlongs
    else if (b0 == 0xF4) hi = 0x8F; // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (available < 2) return -1;
  if (s[1] < lo || s[1] > hi) return 0;
  for (std::size_t i = 2; i < static_cast<std::size_t>(length); ++i) {
    if (i >= available) return -1;
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  }
  return length;
}

std::size_t utf8_sequence_length(std::string_view text) {
  const int result = check_utf8_sequence(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return result > 0 ? static_cast<std::size_t>(result) : 0;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // Fast path over ASCII.
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text.substr(i));
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(text.substr(i));
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Step back over continuation bytes so that no sequence is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

} // namespace fk::util
