#pragma once

#include "load/pg_values.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fk::load {

// Return the header of COPY's binary format: its signature, no flags and no extension.
std::string_view pg_binary_header() noexcept;

// Append the end of COPY binary data (a field count of -1).
void append_pg_binary_trailer(std::string& out);

// Append the start of a row of `fields` fields.
void append_pg_field_count(std::string& out, std::uint16_t fields);

// Append a NULL field.
void append_pg_null(std::string& out);

// Append an `integer` field.
void append_pg_int4(std::string& out, std::int32_t value);

// Append a `date` field for the day `yyyymmdd` (e.g. 20261203).
void append_pg_date(std::string& out, std::int32_t yyyymmdd);

// Return the days from 2000-01-01 (PostgreSQL's date epoch) to the day `yyyymmdd`.
std::int32_t pg_days(std::int32_t yyyymmdd) noexcept;

// Return the microseconds from 2000-01-01 00:00:00 to the datetime `text` (one the scanner
// classifies as datetime: YYYY-MM-DD, 'T' or ' ', HH:MM[:SS[.fraction]], optional zone), counted
// in UTC when it has a zone, as PostgreSQL's timestamp input reads it: the fraction rounded to
// microseconds with rint(), second 60 rolling over into the next minute. Nullopt when it is not one.
std::optional<std::int64_t> pg_timestamp_micros(std::string_view text) noexcept;

// Append `cell` converted to `type` as one field of COPY's binary format (its length, then the
// value as PostgreSQL's binary send function writes it); return false (with `out` possibly extended:
// the caller cuts it back) when the cell does not fit the type. The rules are those of the text
// format the loader used before (docs/process.md): integers and numbers with the scanner's grammar,
// booleans true/false in any case, dates YYYY-MM-DD or DD/MM/YYYY (not year 0), datetimes with a
// zone only for timestamptz and without one only for timestamp, text without NUL bytes and valid
// UTF-8 when `check_utf8`. Binary spares the server parsing every value again (measured in
// docs/performance.md).
bool append_pg_binary(std::string& out, PgType type, std::string_view cell, bool check_utf8);

} // namespace fk::load
