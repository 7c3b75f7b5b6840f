#pragma once

#include "csv/byte_search.hpp"
#include "csv/column_stats.hpp"
#include "csv/dialect.hpp"
#include "csv/profile.hpp"
#include "csv/utf8_stream.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fk::csv {

// Configure a Scanner; every member has a sensible default.
struct ScanOptions {
  std::optional<char> delimiter;  // detected from the first `sample_bytes` when unset
  std::optional<char> quote_char; // '\0' means no quoting; detected when unset
  bool header_row = true;         // the first record holds the labels
  std::vector<std::string> null_tokens = {"", "''"}; // cells that count as null
  std::size_t max_record_bytes = 16U << 20;  // longer records are reported and skipped (cap 1 GiB)
  std::size_t max_errors_per_code = 100;     // errors kept per code; the rest are only counted
  double max_type_error_ratio = 0.01;        // share of values a column type may miss
  bool report_type_errors = true;            // report values that miss the inferred type (warnings)
  std::size_t sample_bytes = 64U << 10;      // bytes buffered for dialect detection
};

// Receive one data record: its 1-based number and its unquoted fields, valid only during the call.
using RecordCallback = std::function<void(std::uint64_t record_number, std::span<const std::string_view> fields)>;

// Scan a CSV stream chunk by chunk in bounded memory and profile it in one pass.
//
// Memory is bounded by the sample (64 KiB), the longest record (capped by max_record_bytes), the
// columns and the kept errors; nothing else grows with the file. Record numbers count data records
// from 1 (the header is 0); line numbers are physical lines, so a quoted newline advances them.
class Scanner {
public:
  // Scan with `options`.
  explicit Scanner(ScanOptions options = {});

  // Call `callback` for every data record (not the header, not skipped over-long records).
  void on_record(RecordCallback callback) { m_callback = std::move(callback); }

  // Consume the next `chunk` of the file.
  void feed(std::string_view chunk);

  // End the file and return its profile; call once.
  [[nodiscard]] FileProfile finish();

  // Return the dialect in use; final once the first sample_bytes were fed (or finish() ran).
  [[nodiscard]] const Dialect& dialect() const noexcept { return m_profile.dialect; }

  // Return the physical line where the current record starts; valid during a record callback.
  [[nodiscard]] std::uint64_t record_line() const noexcept { return m_record_line; }

  // Return the header labels; known from the first record callback on.
  [[nodiscard]] const std::vector<std::string>& labels() const noexcept { return m_profile.labels; }

private:
  enum class State : std::uint8_t { record_start, field_start, unquoted, quoted, after_quote };

  struct RecordIssue {
    ErrorCode code;
    std::size_t field_index;
  };

  void start();
  void consume(std::string_view data);
  void parse(const char* data, const char* end);
  void parse_plain_record(const char*& p, const char* end);
  void demote_fields(const char* partial, const char* partial_end);
  void append(const char* begin, const char* end);
  void end_field(const char* at);
  void end_record(std::uint64_t end_offset);
  void line_terminator(char terminator);
  void mark_too_long();
  void note_issue(ErrorCode code);
  void process_record(std::uint64_t end_offset);
  void process_header(std::uint64_t end_offset);
  void report_encoding_errors(std::uint64_t record, std::uint64_t end_offset);
  void report_issues(std::uint64_t record);
  void report_type_errors();
  [[nodiscard]] bool reject_other_encoding(std::string_view sample);
  void report_missing_header();
  [[nodiscard]] bool is_null(std::string_view value) const noexcept {
    return value.size() < 64 && ((m_null_lengths >> value.size()) & 1U) != 0 && is_null_token(value);
  }
  [[nodiscard]] bool is_null_token(std::string_view value) const noexcept;
  [[nodiscard]] std::string_view field_name(std::size_t field_index) const noexcept;
  void add_error(ErrorCode code, std::uint64_t record, std::size_t field_index, std::string_view value,
                 std::string message);
  [[nodiscard]] bool keeps(ErrorCode code);
  [[nodiscard]] std::uint64_t offset_of(const char* p) const noexcept {
    return m_chunk_offset + static_cast<std::uint64_t>(p - m_chunk_data);
  }

  ScanOptions m_options;
  RecordCallback m_callback;
  FileProfile m_profile;
  std::vector<ColumnStats> m_columns;
  std::vector<std::string> m_names; // column names: the labels, or field_1... without a header
  std::array<std::size_t, k_error_code_count> m_kept{};
  std::uint64_t m_null_lengths = 0; // bit n set when a null token is n bytes long

  // Start of the file, buffered until the dialect is known.
  bool m_started = false;
  bool m_unread = false; // a byte-order mark showed UTF-16 or UTF-32: nothing is parsed
  std::string m_sample;

  // Encoding: invalid byte offsets wait here until the record holding them ends.
  Utf8StreamValidator m_utf8;
  std::vector<std::uint64_t> m_invalid_offsets;
  std::size_t m_invalid_head = 0;

  // Parser state, carried across chunks.
  State m_state = State::record_start;
  char m_delimiter = ',';
  char m_quote = '"';
  bool m_after_cr = false;
  bool m_header_done = false;
  bool m_too_long = false;
  std::string m_record;                  // buffer of the unquoted field bytes of the current record
  std::size_t m_record_size = 0;         // bytes of m_record in use
  std::vector<std::uint32_t> m_field_ends; // end of each field in m_record
  std::vector<std::uint64_t> m_field_starts; // stream offset where each field starts
  std::vector<std::string_view> m_fields; // the current record's fields: into m_record, or into the chunk (plain records)
  std::vector<RecordIssue> m_issues;
  std::string m_too_long_prefix;
  const char* m_chunk_data = nullptr;
  detail::StructuralIndex m_index; // the chunk's delimiters, line ends and quotes (plain records)
  std::uint64_t m_chunk_offset = 0; // stream offset of m_chunk_data[0]
  std::uint64_t m_stream_offset = 0; // stream offset of the next byte to consume
  std::uint64_t m_record_start_offset = 0;
  std::uint64_t m_record_line = 1;
  std::uint64_t m_line = 1;
  std::uint64_t m_lf = 0;
  std::uint64_t m_crlf = 0;
  std::uint64_t m_cr = 0;
};

// Scan all of `text` with `options` and return its profile.
FileProfile scan_text(std::string_view text, const ScanOptions& options = {});

} // namespace fk::csv
