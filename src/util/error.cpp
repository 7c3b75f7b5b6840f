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

std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::internal: return "internal";
  case ErrorKind::usage: return "usage";
  case ErrorKind::permission: return "permission";
  case ErrorKind::not_found: return "not_found";
  case ErrorKind::validation: return "validation";
  case ErrorKind::partial: return "partial";
  case ErrorKind::partial_permanent: return "partial_permanent";
  case ErrorKind::temporary: return "temporary";
  case ErrorKind::lock_held: return "lock_held";
  case ErrorKind::integrity: return "integrity";
  case ErrorKind::no_space: return "no_space";
  case ErrorKind::not_implemented: return "not_implemented";
  case ErrorKind::interrupted: return "interrupted";
  }
  return "internal";
}

std::string errno_text(int errno_value) {
  char buffer[256];
  // GNU strerror_r returns a pointer that may or may not be `buffer`.
  const char* text = strerror_r(errno_value, buffer, sizeof buffer);
  return text;
}

} // namespace fk::util
