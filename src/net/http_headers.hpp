#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fk::net {

// Hold response or request header fields in arrival order, looked up case-insensitively.
class HttpHeaders {
public:
  // Append one field; `name` and `value` are stored trimmed.
  void add(std::string_view name, std::string_view value);

  // Parse and append one raw header line ("Name: value\r\n"); return false if it is not a field.
  bool add_line(std::string_view line);

  // Return the first value of `name`, or nullopt.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;

  // Return every value of `name` joined with ", " (how HTTP combines repeated fields), or nullopt.
  [[nodiscard]] std::optional<std::string> get_joined(std::string_view name) const;

  // Return true when a field called `name` is present.
  [[nodiscard]] bool contains(std::string_view name) const { return get(name).has_value(); }

  // Return all fields in arrival order.
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& fields() const { return m_fields; }

  // Remove all fields.
  void clear() { m_fields.clear(); }

private:
  std::vector<std::pair<std::string, std::string>> m_fields;
};

// Return true when `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

// Return `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view text);

} // namespace fk::net
