#pragma once

#include "csv/profile.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fk::load {

// Name the PostgreSQL column type a CSV column gets.
enum class PgType : std::uint8_t { bigint, double_precision, boolean, date, timestamp, timestamptz, text };

// Map a profiled column to PostgreSQL: integer -> bigint, number -> double precision, boolean ->
// boolean, date -> date, datetime -> timestamp (timestamptz when the profile's min or max value
// carries a zone: Z or an offset), string -> text; but text whenever the column is not
// `canonical` (a value not written as PostgreSQL prints its typed form, docs/process.md).
PgType pg_type_for(const csv::ColumnProfile& column) noexcept;

// Return true when a datetime the scanner accepts (YYYY-MM-DD?HH:MM...) ends with a zone: Z or an offset.
bool pg_has_zone(std::string_view datetime) noexcept;

// Return the type as PostgreSQL's format_type() prints it ("bigint", "timestamp without time zone"...).
std::string_view pg_type_name(PgType type) noexcept;

// Describe the values `type` accepts, for rejection reasons ("an integer", "a date", ...).
std::string_view pg_expected(PgType type) noexcept;

// Return `name` as PostgreSQL can hold it: a name over the 63-byte identifier limit is cut on a
// UTF-8 boundary to 54 bytes plus "_" and 8 hex digits of its FNV-1a hash; then made unique (ASCII
// case-insensitively) against `used` with "_2", "_3", ... inside the limit; the result joins `used`.
std::string fit_identifier(std::string_view name, std::set<std::string>& used);

// Return the schema for dataset `ref` (owner/slug): lower-case, bytes outside [a-z0-9_] as `_`,
// owner and slug joined by "__", a "pg_" start prefixed with "s_", cut to 63 bytes.
std::string pg_schema_name(std::string_view ref);

// Return the column names for `labels` after the reserved _day and _version: blank labels become
// field_<n>, every name is cut to 63 bytes and made unique.
std::vector<std::string> pg_column_names(const std::vector<std::string>& labels);

} // namespace fk::load
