#pragma once

#include <cstdint>
#include <string_view>

namespace fk::csv {

// Describe how a CSV file is written.
struct Dialect {
  char delimiter = ',';           // one of , ; \t |
  char quote_char = '"';          // '"', '\'' or '\0' for no quoting
  bool header_row = true;         // the first record holds the labels
  bool delimiter_detected = false; // true when `delimiter` was detected rather than given
  bool quote_detected = false;     // true when `quote_char` was detected rather than given
};

// Name the line terminators seen in a file.
enum class LineEndings : std::uint8_t { none, lf, crlf, cr, mixed };

// Return "none", "lf", "crlf", "cr" or "mixed".
std::string_view line_endings_name(LineEndings endings) noexcept;

// Return the delimiter and quote character that best explain `sample` (the start of a file).
//
// Delimiters tried: ',' ';' '\t' '|'. With `header_row` the header decides: among the candidates
// that split the first record into >= 2 fields, the winner is the one for which most later sample
// records have the header's field count (ties: more header fields, then the earlier candidate). When
// none splits the header the file has one column, and the delimiter is the first candidate that never
// occurs outside quotes in the sample, so that no value is split (',' when all four occur). Without a
// header row, the winner is the one that splits the most sample records into the same number (>= 2)
// of fields; ties go to the earlier candidate, and ',' is returned when none splits anything.
// The quote is '\'' only when more fields start and end with ' than with "
// (the two-character token '' does not count); otherwise '"', also when no sample field opens with
// '"' (a quote inside an unquoted value is kept literally as a stray-quote, and a quoted field past
// the sample must still read as quoted); '\0', no quoting, only when ScanOptions asks for it. The last, possibly cut, line of `sample` is ignored unless it is
// the only one.
Dialect detect_dialect(std::string_view sample, bool header_row = true) noexcept;

} // namespace fk::csv
