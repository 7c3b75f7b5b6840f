#include "process/table_schema.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"

#include <sstream>

namespace fk::process {

std::string_view frictionless_type(csv::ColumnType type) noexcept {
  switch (type) {
  case csv::ColumnType::integer:
    return "integer";
  case csv::ColumnType::number:
    return "number";
  case csv::ColumnType::boolean:
    return "boolean";
  case csv::ColumnType::date:
    return "date";
  case csv::ColumnType::datetime:
    return "datetime";
  case csv::ColumnType::string:
    return "string";
  }
  return "string";
}

void write_table_schema_json(std::ostream& out, const csv::FileProfile& profile,
                             const std::vector<std::string>& missing_values) {
  util::JsonWriter json(out);
  json.begin_object();
  json.key("fields").begin_array();
  for (const csv::ColumnProfile& column : profile.columns) {
    json.begin_object().field("name", column.name).field("type", frictionless_type(column.type));
    if (column.type == csv::ColumnType::date || column.type == csv::ColumnType::datetime) json.field("format", "any");
    json.end_object();
  }
  json.end_array();
  json.key("missingValues").begin_array();
  for (const std::string& token : missing_values)
    json.value(token);
  json.end_array();
  json.end_object();
  out << "\n";
}

std::filesystem::path table_schema_path(const layout::Layout& layout, const layout::Day& day, std::string_view ref,
                                        std::string_view file) {
  std::filesystem::path path = layout.processed_day(day) / ref / file;
  path += ".schema.json";
  return path;
}

util::Status write_table_schema(const std::filesystem::path& path, const csv::FileProfile& profile,
                                const std::vector<std::string>& missing_values) {
  if (auto created = util::create_directories(path.parent_path()); !created) return created;
  std::ostringstream out;
  write_table_schema_json(out, profile, missing_values);
  return util::write_file_atomic(path, out.str());
}

} // namespace fk::process
