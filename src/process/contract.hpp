#pragma once

#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fk::process {

// Name the Frictionless field types a contract can check.
enum class FieldType : std::uint8_t { string, integer, number, boolean, date, datetime, time, year, any };

// Return the Frictionless name of `type`, e.g. "datetime".
std::string_view field_type_name(FieldType type) noexcept;

// A compiled `pattern` constraint (POSIX extended regular expression, matched against the whole value).
class Pattern {
public:
  // Compile `source`; fails with the regex library's message.
  static util::Result<std::shared_ptr<const Pattern>> compile(const std::string& source);

  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;
  ~Pattern();

  // Return true when all of `value` matches.
  [[nodiscard]] bool matches(std::string_view value) const;

  // Return the pattern as written in the schema.
  [[nodiscard]] const std::string& source() const noexcept { return m_source; }

private:
  Pattern() = default;
  std::string m_source;
  void* m_regex = nullptr; // regex_t
};

// A value parsed by a field's type, comparable with the field's minimum and maximum.
struct TypedValue {
  double number = 0.0; // integer, number, year; date as YYYYMMDD
  std::string text;    // datetime as YYYY-MM-DDTHH:MM:SS, time as HH:MM:SS
};

// One field of a Frictionless Table Schema with the constraints fetch-kaggle checks.
struct FieldContract {
  std::string name;
  FieldType type = FieldType::string;
  std::string format = "default"; // default | any | a strptime pattern (date, datetime, time)
  bool required = false;
  bool unique = false;
  std::optional<TypedValue> minimum;
  std::optional<TypedValue> maximum;
  std::optional<std::uint64_t> min_length; // in code points
  std::optional<std::uint64_t> max_length;
  std::shared_ptr<const Pattern> pattern;
  std::vector<std::string> enum_values; // compared as text, or as numbers for numeric types
  std::vector<std::string> true_values = {"true", "True", "TRUE", "1"};
  std::vector<std::string> false_values = {"false", "False", "FALSE", "0"};
  std::string minimum_text; // the constraint as written, for messages
  std::string maximum_text;
};

// A Frictionless Table Schema read from a file: the contract one CSV file must meet.
struct TableContract {
  std::string origin; // the schema file, for messages and the report
  std::vector<FieldContract> fields;
  std::optional<std::vector<std::string>> missing_values; // replaces the default null tokens
  std::vector<std::string> primary_key;                   // field names
};

// Parse `value` as a field of `field`'s type and format; nullopt when it does not fit.
std::optional<TypedValue> parse_typed(const FieldContract& field, std::string_view value);

// Parse a Table Schema from JSON `text`; `origin` names it in errors. An unknown type or format, a
// bad constraint or a primaryKey naming no field is a usage error saying where.
util::Result<TableContract> parse_table_contract(std::string_view text, const std::string& origin);

// Read and parse a Table Schema file; a missing or unreadable file is a usage error naming it.
util::Result<TableContract> read_table_contract(const std::filesystem::path& path);

} // namespace fk::process
