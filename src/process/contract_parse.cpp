// Read a Frictionless Table Schema (JSON) into a TableContract.
#include "process/contract.hpp"

#include "util/json_reader.hpp"

#include <set>

namespace fk::process {

namespace {

using simdjson::dom::element;

util::Error schema_error(const std::string& origin, const std::string& what, const std::string& why) {
  return util::make_error(util::ErrorKind::usage, "schema " + origin + ": " + what, why,
                          "fix the Table Schema (https://specs.frictionlessdata.io/table-schema/) and run again");
}

std::optional<FieldType> type_from_name(std::string_view name) {
  for (const FieldType type : {FieldType::string, FieldType::integer, FieldType::number, FieldType::boolean,
                               FieldType::date, FieldType::datetime, FieldType::time, FieldType::year,
                               FieldType::any}) {
    if (field_type_name(type) == name) return type;
  }
  return std::nullopt;
}

// Return a JSON scalar as text: strings as they are, numbers and booleans as JSON writes them.
std::optional<std::string> scalar_text(element value) {
  std::string_view text;
  if (value.get(text) == simdjson::SUCCESS) return std::string(text);
  std::int64_t integer = 0;
  if (value.get(integer) == simdjson::SUCCESS) return std::to_string(integer);
  double number = 0.0;
  if (value.get(number) == simdjson::SUCCESS) {
    std::string out = std::to_string(number);
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
    return out;
  }
  bool flag = false;
  if (value.get(flag) == simdjson::SUCCESS) return flag ? "true" : "false";
  return std::nullopt;
}

util::Result<std::vector<std::string>> string_list(element parent, std::string_view key, const std::string& origin,
                                                   const std::string& where) {
  std::vector<std::string> out;
  simdjson::dom::array array;
  if (parent[key].get(array) != simdjson::SUCCESS)
    return schema_error(origin, where + std::string(key) + " is not an array", "it must list values");
  for (element item : array) {
    auto text = scalar_text(item);
    if (!text) return schema_error(origin, where + std::string(key) + " holds a non-scalar", "list strings or numbers");
    out.push_back(std::move(*text));
  }
  return out;
}

util::Status read_bound(FieldContract& field, element constraints, std::string_view key, const std::string& origin,
                        const std::string& where) {
  element value;
  if (constraints[key].get(value) != simdjson::SUCCESS) return util::Ok{};
  const auto text = scalar_text(value);
  const bool ordered = field.type == FieldType::integer || field.type == FieldType::number ||
                       field.type == FieldType::year || field.type == FieldType::date ||
                       field.type == FieldType::datetime || field.type == FieldType::time;
  if (!text || !ordered)
    return schema_error(origin, where + std::string(key) + " does not apply",
                        "minimum and maximum need a scalar and a numeric, date, datetime or time field");
  // A bound is written in the field's own lexical form, except that dates in any format accept ISO.
  FieldContract iso = field;
  if (field.type == FieldType::date || field.type == FieldType::datetime || field.type == FieldType::time)
    iso.format = "any";
  auto parsed = parse_typed(field, *text);
  if (!parsed) parsed = parse_typed(iso, *text);
  if (!parsed)
    return schema_error(origin, where + std::string(key) + " \"" + *text + "\" is not a " +
                                    std::string(field_type_name(field.type)),
                        "write the bound in the field's type");
  (key == "minimum" ? field.minimum : field.maximum) = *parsed;
  (key == "minimum" ? field.minimum_text : field.maximum_text) = *text;
  return util::Ok{};
}

util::Status read_constraints(FieldContract& field, element object, const std::string& origin,
                              const std::string& where) {
  element constraints;
  if (object["constraints"].get(constraints) != simdjson::SUCCESS) return util::Ok{};
  if (!constraints.is_object()) return schema_error(origin, where + "constraints is not an object", "see the spec");
  field.required = util::json_bool(constraints, "required");
  field.unique = util::json_bool(constraints, "unique");
  for (const std::string_view key : {"minimum", "maximum"}) {
    if (auto read = read_bound(field, constraints, key, origin, where); !read) return read.error();
  }
  element length;
  std::uint64_t count = 0;
  if (constraints["minLength"].get(length) == simdjson::SUCCESS) {
    if (length.get(count) != simdjson::SUCCESS) return schema_error(origin, where + "minLength", "must be >= 0");
    field.min_length = count;
  }
  if (constraints["maxLength"].get(length) == simdjson::SUCCESS) {
    if (length.get(count) != simdjson::SUCCESS) return schema_error(origin, where + "maxLength", "must be >= 0");
    field.max_length = count;
  }
  std::string_view pattern;
  if (constraints["pattern"].get(pattern) == simdjson::SUCCESS) {
    auto compiled = Pattern::compile(std::string(pattern));
    if (!compiled) return schema_error(origin, where + "pattern: " + compiled.error().what, compiled.error().why);
    field.pattern = std::move(*compiled);
  }
  element values;
  if (constraints["enum"].get(values) == simdjson::SUCCESS) {
    auto list = string_list(constraints, "enum", origin, where);
    if (!list) return list.error();
    field.enum_values = std::move(*list);
  }
  return util::Ok{};
}

util::Result<FieldContract> read_field(element object, std::size_t index, const std::string& origin) {
  FieldContract field;
  std::string where = "fields[" + std::to_string(index) + "]: ";
  std::string_view name;
  if (!object.is_object() || object["name"].get(name) != simdjson::SUCCESS || name.empty())
    return schema_error(origin, where + "has no name", "every field needs a non-empty \"name\"");
  field.name = std::string(name);
  where = "field \"" + field.name + "\": ";
  const std::string type_name = util::json_string(object, "type", "string");
  const auto type = type_from_name(type_name);
  if (!type)
    return schema_error(origin, where + "type \"" + type_name + "\" is not supported",
                        "supported: string, integer, number, boolean, date, datetime, time, year, any");
  field.type = *type;
  field.format = util::json_string(object, "format", "default");
  const bool timelike = field.type == FieldType::date || field.type == FieldType::datetime || field.type == FieldType::time;
  if (field.format != "default" && !(timelike && !field.format.empty()) && !(field.type == FieldType::any))
    return schema_error(origin, where + "format \"" + field.format + "\" is not supported for " + type_name,
                        "only dates, datetimes and times take a format (default, any or a strptime pattern)");
  if (timelike && field.format != "default" && field.format != "any" && field.format.find('%') == std::string::npos)
    return schema_error(origin, where + "format \"" + field.format + "\" is not a strptime pattern",
                        "write e.g. %d/%m/%Y, or use default or any");
  for (const std::string_view key : {"trueValues", "falseValues"}) {
    element list;
    if (object[key].get(list) != simdjson::SUCCESS) continue;
    auto values = string_list(object, key, origin, where);
    if (!values) return values.error();
    (key == "trueValues" ? field.true_values : field.false_values) = std::move(*values);
  }
  if (auto read = read_constraints(field, object, origin, where); !read) return read.error();
  return field;
}

} // namespace

util::Result<TableContract> parse_table_contract(std::string_view text, const std::string& origin) {
  simdjson::dom::parser parser;
  auto root = util::parse_json_text(parser, text, "schema " + origin);
  if (!root) return schema_error(origin, "is not valid JSON", root.error().why);
  TableContract contract;
  contract.origin = origin;
  simdjson::dom::array fields;
  if ((*root)["fields"].get(fields) != simdjson::SUCCESS)
    return schema_error(origin, "has no \"fields\" array", "a Table Schema lists its fields under \"fields\"");
  std::set<std::string> names;
  std::size_t index = 0;
  for (element item : fields) {
    auto field = read_field(item, index++, origin);
    if (!field) return field.error();
    if (!names.insert(field->name).second)
      return schema_error(origin, "field \"" + field->name + "\" appears twice", "field names must be unique");
    contract.fields.push_back(std::move(*field));
  }
  element missing;
  if ((*root)["missingValues"].get(missing) == simdjson::SUCCESS) {
    auto list = string_list(*root, "missingValues", origin, "");
    if (!list) return list.error();
    contract.missing_values = std::move(*list);
  }
  element key;
  if ((*root)["primaryKey"].get(key) == simdjson::SUCCESS) {
    std::string_view single;
    if (key.get(single) == simdjson::SUCCESS) {
      contract.primary_key.emplace_back(single);
    } else {
      auto list = string_list(*root, "primaryKey", origin, "");
      if (!list) return list.error();
      contract.primary_key = std::move(*list);
    }
    for (const std::string& name : contract.primary_key) {
      if (names.count(name) == 0)
        return schema_error(origin, "primaryKey names \"" + name + "\", which is not a field", "list field names");
    }
  }
  return contract;
}

} // namespace fk::process
