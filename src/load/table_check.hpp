#pragma once

#include "load/table_load.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace fk::load {

// Return why `source` cannot become a table, or an empty string when it can: its raw file starts
// with a UTF-16 or UTF-32 byte order mark (only UTF-8 is loaded), its profile has no column (a
// 0-byte file, a byte order mark only, blank lines: no header row), or it has more columns than
// `column_limit`, the most `engine` ("SQLite", "PostgreSQL") takes for the file's columns
// (`limit_note` says where that limit comes from). The reason reads "cannot load FILE as a table:
// why (fix)". A raw file that cannot be opened passes: the loading pass reports it.
std::string unloadable_reason(const TableSource& source, std::size_t column_limit, std::string_view engine,
                              std::string_view limit_note);

// Return the name of the Unicode encoding whose byte order mark starts `head` (UTF-32LE, UTF-32BE,
// UTF-16LE, UTF-16BE), or an empty string (none, or UTF-8's).
std::string_view foreign_bom(std::string_view head);

} // namespace fk::load
