#pragma once

#include "csv/profile.hpp"
#include "util/json_writer.hpp"

namespace fk::csv {

// Write `profile` as one JSON object of this shape (all keys always present):
//
// {
//   "dialect": {"delimiter": ",", "quote_char": "\"" | "'" | null, "header_row": true,
//               "line_endings": "none" | "lf" | "crlf" | "cr" | "mixed", "bom": false,
//               "encoding": "utf-8" | "invalid-utf-8" | "utf-16-le" | ..., "first_invalid_byte": 123 | null},
//   "labels": ["chainid", ...],
//   "bytes": 1234, "records": 10, "fields": 3, "empty_lines": 0,
//   "columns": [{"name": "itemprice",
//                "type": "integer" | "number" | "boolean" | "date" | "datetime" | "string",
//                "values": 9, "nulls": 1, "type_errors": 0,
//                "min": 1 | 1.5 | "2024-01-31" | null, "max": ..., "max_length": 5, "max_chars": 5}],
//   "errors": [{"code": "extra-cell", "severity": "error" | "warning" | "info", "record": 3, "line": 4,
//               "field_number": 4 | null, "field_name": "x" | null (null when unknown), "value": "...", "message": "..."}],
//   "error_counts": {"extra-cell": {"count": 250, "truncated": true}},  // only codes that occurred
//   "valid": false
// }
//
// "record" is the 1-based data record number (0 is the header); "line" is the physical line where
// that record starts. "value" is at most 80 bytes. "valid" is false when any error has severity error.
void write_profile_json(util::JsonWriter& json, const FileProfile& profile);

} // namespace fk::csv
