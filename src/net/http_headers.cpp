#include "net/http_headers.hpp"

#include <algorithm>

namespace fk::net {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

void HttpHeaders::add(std::string_view name, std::string_view value) {
  m_fields.emplace_back(std::string(trim(name)), std::string(trim(value)));
}

bool HttpHeaders::add_line(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view name = line.substr(0, colon);
  if (name.find_first_of(" \t") != std::string_view::npos) return false;
  add(name, line.substr(colon + 1));
  return true;
}

std::optional<std::string> HttpHeaders::get(std::string_view name) const {
  for (const auto& [key, value] : m_fields) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<std::string> HttpHeaders::get_joined(std::string_view name) const {
  std::optional<std::string> joined;
  for (const auto& [key, value] : m_fields) {
    if (!iequals(key, name)) continue;
    if (joined) {
      joined->append(", ").append(value);
    } else {
      joined = value;
    }
  }
  return joined;
}

} // namespace fk::net
