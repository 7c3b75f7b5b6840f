#include "csv/profile_json.hpp"

#include <string>

namespace fk::csv {

namespace {

void write_bound(util::JsonWriter& json, const Bound& bound) {
  switch (bound.kind) {
  case Bound::Kind::none: json.null(); return;
  case Bound::Kind::integer: json.value(bound.integer); return;
  case Bound::Kind::number: json.value(bound.number); return;
  case Bound::Kind::text: json.value(bound.text); return;
  }
  json.null();
}

void write_dialect(util::JsonWriter& json, const FileProfile& profile) {
  const Dialect& dialect = profile.dialect;
  json.key("dialect").begin_object();
  json.field("delimiter", std::string(1, dialect.delimiter));
  json.key("quote_char");
  if (dialect.quote_char == '\0') json.null();
  else json.value(std::string(1, dialect.quote_char));
  json.field("header_row", dialect.header_row);
  json.field("line_endings", line_endings_name(profile.line_endings));
  json.field("bom", profile.encoding.bom);
  const std::string_view encoding = !profile.encoding.other_encoding.empty() ? profile.encoding.other_encoding
                                    : profile.encoding.first_invalid_byte  ? "invalid-utf-8"
                                                                           : "utf-8";
  json.field("encoding", encoding);
  json.key("first_invalid_byte");
  if (profile.encoding.first_invalid_byte) json.value(*profile.encoding.first_invalid_byte);
  else json.null();
  json.end_object();
}

void write_column(util::JsonWriter& json, const ColumnProfile& column) {
  json.begin_object();
  json.field("name", column.name);
  json.field("type", column_type_name(column.type));
  json.field("values", column.values);
  json.field("nulls", column.nulls);
  json.field("type_errors", column.type_errors);
  json.key("min");
  write_bound(json, column.min);
  json.key("max");
  write_bound(json, column.max);
  json.field("max_length", column.max_length);
  json.field("max_chars", column.max_chars);
  json.end_object();
}

void write_error(util::JsonWriter& json, const CsvError& error) {
  json.begin_object();
  json.field("code", error_code_name(error.code));
  json.field("severity", severity_name(error.severity));
  json.field("record", error.record);
  json.field("line", error.line);
  json.key("field_number");
  if (error.field_number > 0) json.value(error.field_number);
  else json.null();
  json.key("field_name");
  if (!error.field_name.empty()) json.value(error.field_name);
  else json.null();
  json.field("value", error.value);
  json.field("message", error.message);
  json.end_object();
}

} // namespace

void write_profile_json(util::JsonWriter& json, const FileProfile& profile) {
  json.begin_object();
  write_dialect(json, profile);
  json.key("labels").begin_array();
  for (const std::string& label : profile.labels) json.value(label);
  json.end_array();
  json.field("bytes", profile.bytes);
  json.field("records", profile.records);
  json.field("fields", profile.fields);
  json.field("empty_lines", profile.empty_lines);
  json.key("columns").begin_array();
  for (const ColumnProfile& column : profile.columns) write_column(json, column);
  json.end_array();
  json.key("errors").begin_array();
  for (const CsvError& error : profile.errors) write_error(json, error);
  json.end_array();
  json.key("error_counts").begin_object();
  for (std::size_t i = 0; i < k_error_code_count; ++i) {
    const ErrorCount& count = profile.error_counts[i];
    if (count.count == 0) continue;
    json.key(error_code_name(static_cast<ErrorCode>(i))).begin_object();
    json.field("count", count.count);
    json.field("severity", severity_name(profile.severity(static_cast<ErrorCode>(i))));
    json.field("truncated", count.truncated);
    json.end_object();
  }
  json.end_object();
  json.field("valid", profile.valid());
  json.end_object();
}

} // namespace fk::csv
