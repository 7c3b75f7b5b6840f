#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace fk::util {

// Classify a failure by what the operator should do about it; cli/exit_codes maps each to a code.
enum class ErrorKind {
  internal,        // a bug or an unexpected state: report it
  usage,           // bad arguments or configuration: fix the call
  permission,      // authentication failed or a path is not writable: fix credentials or rights
  not_found,       // the dataset, version, file or day does not exist
  validation,      // the data was read but failed validation
  partial,         // some items succeeded and some failed: the next run retries the rest
  partial_permanent, // some items failed for good (not found, forbidden, invalid, corrupt): a person must act
  temporary,       // network, rate limit, server error: retry later
  lock_held,       // another run holds the data root's lock: retry later
  integrity,       // stored bytes do not match their manifest (bit rot, tampering)
  no_space,        // not enough free space on the data volume
  not_implemented, // the subcommand exists but is not built yet
  interrupted,     // SIGINT or SIGTERM stopped the run
};

// Describe a failure: what failed (with the path or item), why, and what to do about it.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string what; // e.g. "cannot write /data/kaggle/raw"
  std::string why;  // e.g. "Permission denied"
  std::string fix;  // e.g. "chown 1000:1000 /data/kaggle"

  // Render as "<what>: <why> (<fix>)", leaving out empty parts.
  [[nodiscard]] std::string message() const;
};

// Throw to give up the whole run; the single top-level catch maps it to an exit code.
class Failure : public std::runtime_error {
public:
  // Wrap `error` so that it can cross call frames that cannot handle it.
  explicit Failure(Error error);

  // Return the wrapped error.
  [[nodiscard]] const Error& error() const noexcept { return m_error; }

private:
  Error m_error;
};

// Hold either a value or an Error: the return type of operations whose caller decides.
template <class T> class Result {
public:
  // Wrap a successful value.
  Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {} // NOLINT: implicit by design
  // Wrap a failure.
  Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {} // NOLINT

  // Return true when a value is held.
  [[nodiscard]] bool ok() const noexcept { return m_data.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Return the value; only call when ok().
  [[nodiscard]] T& value() & { return std::get<0>(m_data); }
  [[nodiscard]] const T& value() const& { return std::get<0>(m_data); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(m_data)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Return the error; only call when !ok().
  [[nodiscard]] const Error& error() const& { return std::get<1>(m_data); }

  // Return the value, or throw Failure with the error.
  T& value_or_throw() & {
    if (!ok()) throw Failure(error());
    return value();
  }
  T value_or_throw() && {
    if (!ok()) throw Failure(error());
    return std::get<0>(std::move(m_data));
  }

private:
  std::variant<T, Error> m_data;
};

// Mark an operation that returns nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

// Build an Error in one expression.
inline Error make_error(ErrorKind kind, std::string what, std::string why, std::string fix = {}) {
  return Error{kind, std::move(what), std::move(why), std::move(fix)};
}

// Throw the error of `status` as a Failure if it holds one.
inline void throw_if_error(const Status& status) {
  if (!status.ok()) throw Failure(status.error());
}

// Return the name of `kind` as written in reports and manifests ("temporary", "not_found", ...).
std::string_view kind_name(ErrorKind kind);

// Return strerror(errno_value) as a string.
std::string errno_text(int errno_value);

} // namespace fk::util
