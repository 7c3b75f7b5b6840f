#pragma once

#include "csv/profile.hpp"
#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace fk::process {

// Return the Frictionless Table Schema type of an inferred column type (the names coincide:
// integer, number, boolean, date, datetime, string).
std::string_view frictionless_type(csv::ColumnType type) noexcept;

// Write the inferred schema of `profile` as a Frictionless Table Schema:
// {"fields": [{"name": "...", "type": "integer"}, {"name": "d", "type": "date", "format": "any"}, ...],
//  "missingValues": ["", "''"]}
// Dates and datetimes get "format": "any" because the scanner accepts YYYY-MM-DD and DD/MM/YYYY
// dates and a space or 'T' before the time.
void write_table_schema_json(std::ostream& out, const csv::FileProfile& profile,
                             const std::vector<std::string>& missing_values);

// Return processed/YYYYMMDD/<owner>/<slug>/<file>.schema.json for `file` of dataset `ref`.
std::filesystem::path table_schema_path(const layout::Layout& layout, const layout::Day& day, std::string_view ref,
                                        std::string_view file);

// Write the schema of `profile` atomically to `path`, creating its folders.
util::Status write_table_schema(const std::filesystem::path& path, const csv::FileProfile& profile,
                                const std::vector<std::string>& missing_values);

} // namespace fk::process
