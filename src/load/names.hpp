#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fk::load {

// Return `text` normalised to Unicode NFC (utf8proc); invalid UTF-8 keeps its ASCII bytes and turns
// every other byte into `_`.
std::string nfc_name(std::string_view text);

// Derive a table name from a file path: its base name without extension, NFC, ASCII letters in
// lower case, ASCII bytes outside [a-z0-9_] (space, punctuation, control characters) and C1 controls
// replaced by `_`, every other Unicode character kept ("מחירים.csv" -> "מחירים"); "sqlite_" prefixes
// get a "t_" prefix; a name already in `used` (ASCII case-insensitively) gets "_2", "_3", ... in the
// order files are loaded (sorted by path); the result is added to `used`.
std::string derive_table_name(std::string_view file_path, std::set<std::string>& used);

// Return column names for `labels`: blank labels become field_<n>, repeats get "_2", "_3", ...
// (compared case-insensitively, as SQLite does).
std::vector<std::string> derive_column_names(const std::vector<std::string>& labels);

// Quote `name` as an SQL identifier: "name", with inner quotes doubled.
std::string quote_identifier(std::string_view name);

} // namespace fk::load
