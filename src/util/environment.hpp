#pragma once

#include <map>
#include <optional>
#include <string>

namespace fk::util {

// A snapshot of environment variables, passed as a parameter instead of calling getenv deep inside.
class Environment {
public:
  // Snapshot the process environment.
  static Environment from_process();

  // Return the value of `name`, or nullopt when unset.
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;

  // Set `name` (tests and callers that build an environment by hand).
  void set(const std::string& name, std::string value) { m_values[name] = std::move(value); }

private:
  std::map<std::string, std::string> m_values;
};

} // namespace fk::util
