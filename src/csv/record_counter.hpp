#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fk::csv {

// Count CSV records (RFC 4180) in a byte stream fed chunk by chunk, at several GB/s.
//
// A line terminator (LF, CRLF or a lone CR) outside quotes ends a record; inside quotes it is data,
// and `""` inside quotes is an escaped quote. Lines that are completely empty are not records; a
// last record without a trailing terminator is. The header record, if any, is counted too. Chunk
// boundaries never change the result. A quote in the middle of an unquoted field toggles the quote
// state as RFC 4180 readers do, so on malformed files the count can differ from Scanner's.
class RecordCounter {
public:
  // Count with `quote_char` as the quote character; '\0' means the file has no quoting.
  explicit RecordCounter(char quote_char = '"') noexcept;

  // Consume the next `chunk` of the stream.
  void feed(std::string_view chunk) noexcept;

  // End the stream and return the number of records, header included; call once.
  [[nodiscard]] std::uint64_t finish() noexcept;

  // Return the number of bytes fed so far.
  [[nodiscard]] std::uint64_t bytes() const noexcept { return m_bytes; }

  // Return true when the stream fed so far ends inside an open quote.
  [[nodiscard]] bool inside_quote() const noexcept { return m_in_quote != 0; }

private:
  static constexpr std::size_t k_block = 64;

  void process_block(const char* block, std::size_t length) noexcept;

  char m_quote;
  std::uint64_t m_records = 0;
  std::uint64_t m_bytes = 0;
  std::uint64_t m_in_quote = 0;         // all ones while inside a quoted field
  std::uint64_t m_prev_terminator = 1;  // 1 when the byte before the block ended a line (or at start)
  bool m_ends_with_terminator = true;   // last byte was a terminator outside quotes (or none seen)
  char m_tail[k_block] = {};
  std::size_t m_tail_length = 0;
};

// Return the number of records in `text`, header included, as RecordCounter would.
std::uint64_t count_records(std::string_view text, char quote_char = '"') noexcept;

} // namespace fk::csv
