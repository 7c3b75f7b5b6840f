#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fk::util {

// Return the byte offset of the first invalid UTF-8 sequence in `text`, or nullopt if it is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Return true when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
inline bool is_valid_utf8(std::string_view text) { return !find_invalid_utf8(text).has_value(); }

// Check the UTF-8 sequence starting at `s[0]` with `available` bytes readable: return its length
// (1-4), 0 if it is invalid, or -1 if it is valid so far but cut short (more bytes are needed).
int check_utf8_sequence(const unsigned char* s, std::size_t available) noexcept;

// Return the length of the valid UTF-8 sequence starting at `text[0]`, or 0 if it is invalid or cut short.
std::size_t utf8_sequence_length(std::string_view text);

// Return `text` with every invalid byte replaced by U+FFFD.
std::string to_valid_utf8(std::string_view text);

// Return `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes);

} // namespace fk::util
