#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fk::load {

// Derive a table name from a file path: its base name without extension, lower-case, every byte
// outside [a-z0-9_] replaced by `_`; "sqlite_" prefixes get a "t_" prefix; a name already in `used`
// gets "_2", "_3", ...; the result is added to `used`.
std::string derive_table_name(std::string_view file_path, std::set<std::string>& used);

// Return column names for `labels`: blank labels become field_<n>, repeats get "_2", "_3", ...
// (compared case-insensitively, as SQLite does).
std::vector<std::string> derive_column_names(const std::vector<std::string>& labels);

// Quote `name` as an SQL identifier: "name", with inner quotes doubled.
std::string quote_identifier(std::string_view name);

} // namespace fk::load
