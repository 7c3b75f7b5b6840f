#include "util/environment.hpp"

extern char** environ; // NOLINT: POSIX

namespace fk::util {

Environment Environment::from_process() {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const std::size_t equals = text.find('=');
    if (equals != std::string::npos) env.m_values[text.substr(0, equals)] = text.substr(equals + 1);
  }
  return env;
}

std::optional<std::string> Environment::get(const std::string& name) const {
  const auto it = m_values.find(name);
  if (it == m_values.end()) return std::nullopt;
  return it->second;
}

} // namespace fk::util
