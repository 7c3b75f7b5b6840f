#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace fk::util {

// Write JSON to a stream, escaping correctly whatever bytes a string holds.
//
// Strings that are not valid UTF-8 are written with each invalid byte replaced by U+FFFD;
// `path_field` additionally writes the exact bytes as hex so that nothing is lost.
class JsonWriter {
public:
  // Write to `out`; `indent` > 0 pretty-prints with that many spaces per level.
  explicit JsonWriter(std::ostream& out, int indent = 2);

  // Open an object or array, as a value or (after key()) as a member.
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();

  // Write a member name; the next call writes its value.
  JsonWriter& key(std::string_view name);

  // Write a scalar value.
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
  JsonWriter& value(long long number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(unsigned long long number) { return value(static_cast<std::uint64_t>(number)); }
  JsonWriter& value(double number);
  JsonWriter& null();

  // Write `"name": value` in one call.
  template <class T> JsonWriter& field(std::string_view name, const T& v) { return key(name).value(v); }

  // Write a path-like member; if `bytes` is not valid UTF-8, also write `<name>_hex` with its exact bytes.
  JsonWriter& path_field(std::string_view name, std::string_view bytes);

  // Write `text` as a quoted, escaped JSON string to `out` (no state checks).
  static void write_string(std::ostream& out, std::string_view text);

private:
  void before_value();
  void newline();

  struct Level {
    bool is_object;
    bool empty;
  };
  std::ostream& m_out;
  int m_indent;
  std::vector<Level> m_stack;
  bool m_after_key = false;
};

// Return `text` as a quoted, escaped JSON string.
std::string json_quote(std::string_view text);

} // namespace fk::util
