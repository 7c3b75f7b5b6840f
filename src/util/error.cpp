#include "util/error.hpp"

#include <cstring>

namespace fk::util {

std::string Error::message() const {
  std::string out = what;
  if (!why.empty()) out += (out.empty() ? "" : ": ") + why;
  if (!fix.empty()) out += " (" + fix + ")";
  return out;
}

Failure::Failure(Error error) : std::runtime_error(error.message()), m_error(std::move(error)) {}

std::string errno_text(int errno_value) {
  char buffer[256];
  // GNU strerror_r returns a pointer that may or may not be `buffer`.
  const char* text = strerror_r(errno_value, buffer, sizeof buffer);
  return text;
}

} // namespace fk::util
