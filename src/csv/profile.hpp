#pragma once

#include "csv/dialect.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fk::csv {

// Name a kind of problem found in a CSV file; codes follow Frictionless where it has one.
//
//   encoding-error   (error)   a byte sequence is not valid UTF-8; or a byte-order mark shows UTF-16 or
//                              UTF-32 (one error for the file, which is then not read)
//   blank-header     (error)   the file has no header record: 0 bytes, only a BOM, or only blank lines
//   blank-label      (error)   a header label is empty or only spaces
//   duplicate-label  (error)   a header label repeats an earlier one
//   blank-row        (error)   every cell of a data record is null (empty or a null token)
//   extra-cell       (error)   a record has more cells than the header; reported at the first extra cell
//   missing-cell     (warning) a record has fewer cells than the header (files that gained a column
//                              keep shorter old rows); reported at the first missing cell
//   stray-quote      (warning) a quote inside an unquoted field, or text after a closing quote;
//                              the characters are kept literally
//   unclosed-quote   (error)   the file ends inside a quoted field
//   record-too-long  (error)   a record is longer than ScanOptions::max_record_bytes; it is skipped
//   type-error       (error)   a value does not fit its column's type (a warning when the type was only
//                              inferred: the values that miss an inferred type are its few outliers)
//   constraint-error (error)   a value breaks a schema constraint (required, minimum, pattern, enum, ...)
//   unique-error     (error)   a value of a `unique` field repeats an earlier record's
//   primary-key      (error)   a primary key repeats an earlier record's, or one of its cells is null
//   missing-label    (error)   a field of the schema has no column in the header
//   extra-label      (warning) a header label is not a field of the schema
enum class ErrorCode : std::uint8_t {
  encoding_error,
  blank_label,
  duplicate_label,
  blank_row,
  extra_cell,
  missing_cell,
  stray_quote,
  unclosed_quote,
  record_too_long,
  type_error,
  constraint_error,
  unique_error,
  primary_key,
  missing_label,
  extra_label,
  blank_header,
};

// Count the error codes.
inline constexpr std::size_t k_error_code_count = 16;

// Grade a problem: `error` makes the file invalid, `warning` and `info` do not.
enum class Severity : std::uint8_t { error, warning, info };

// Return the Frictionless-style name of `code`, e.g. "extra-cell".
std::string_view error_code_name(ErrorCode code) noexcept;

// Return the severity every error of `code` has.
Severity error_code_severity(ErrorCode code) noexcept;

// Return "error", "warning" or "info".
std::string_view severity_name(Severity severity) noexcept;

// Describe one problem at one place in a CSV file.
struct CsvError {
  ErrorCode code = ErrorCode::encoding_error;
  Severity severity = Severity::error;
  std::uint64_t record = 0;       // 1-based data record number; 0 is the header record
  std::uint64_t line = 0;         // 1-based physical line where the record starts
  std::uint64_t field_number = 0; // 1-based field number; 0 when it does not apply
  std::string field_name;         // the column's label, when it applies and is known
  std::string value;              // the offending value, at most 80 bytes, cut on a UTF-8 boundary
  std::string message;            // a sentence for the operator
};

// Count all errors of one code, including those past the per-code cap.
struct ErrorCount {
  std::uint64_t count = 0;
  bool truncated = false;             // true when some errors of this code were counted but not kept
  std::optional<Severity> severity;   // set when it differs from error_code_severity (inferred type-error)
};

// Name the type a column's values were inferred to have, narrowest first.
enum class ColumnType : std::uint8_t { integer, number, boolean, date, datetime, string };

// Return "integer", "number", "boolean", "date", "datetime" or "string".
std::string_view column_type_name(ColumnType type) noexcept;

// Hold a column minimum or maximum: an integer, a number or an ISO date/datetime text.
struct Bound {
  enum class Kind : std::uint8_t { none, integer, number, text };
  Kind kind = Kind::none;
  std::int64_t integer = 0;
  double number = 0.0;
  std::string text;
};

// Point at one value of a column: where it is and its first bytes.
struct ValueSample {
  std::uint64_t record = 0;
  std::uint64_t line = 0;
  std::string value; // at most 80 bytes, cut on a UTF-8 boundary
};

// Summarise one column of a file.
struct ColumnProfile {
  std::string name;
  ColumnType type = ColumnType::string;
  std::uint64_t values = 0;      // non-null values
  std::uint64_t nulls = 0;       // empty cells and null tokens
  std::uint64_t type_errors = 0; // non-null values that do not fit `type`
  Bound min;                     // for integer, number, date and datetime columns
  Bound max;
  std::uint64_t max_length = 0;  // longest value in bytes
  std::uint64_t max_chars = 0;   // longest value in Unicode code points
  // For boolean, date and datetime columns: every value is written as PostgreSQL prints its typed
  // form (true/false, YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.ffffff] without a zone), so it reads back exactly.
  bool canonical = true;
  std::vector<ValueSample> type_error_samples; // the first values that do not fit `type`
};

// Describe the encoding facts of a file.
struct EncodingInfo {
  bool bom = false;                                // a UTF-8 byte order mark was found and skipped
  std::string_view other_encoding;                 // "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be" when
                                                   // a byte-order mark shows it (the file is not read); else empty
  std::optional<std::uint64_t> first_invalid_byte; // offset of the first byte that is not UTF-8
};

// Profile a whole CSV file: dialect, header, columns, errors and totals.
struct FileProfile {
  Dialect dialect;
  LineEndings line_endings = LineEndings::none;
  EncodingInfo encoding;
  std::vector<std::string> labels;
  std::vector<ColumnProfile> columns;
  std::vector<CsvError> errors;                             // in file order, capped per code
  std::array<ErrorCount, k_error_code_count> error_counts{}; // indexed by ErrorCode
  std::uint64_t bytes = 0;       // bytes read, BOM included
  std::uint64_t records = 0;     // data records, header excluded
  std::uint64_t fields = 0;      // number of columns
  std::uint64_t empty_lines = 0; // completely empty lines (not records)

  // Return the total count of errors with `code`.
  [[nodiscard]] std::uint64_t count(ErrorCode code) const noexcept {
    return error_counts[static_cast<std::size_t>(code)].count;
  }

  // Return the severity of the errors counted under `code` in this file.
  [[nodiscard]] Severity severity(ErrorCode code) const noexcept;

  // Return true when no problem of severity error was found.
  [[nodiscard]] bool valid() const noexcept;
};

} // namespace fk::csv
