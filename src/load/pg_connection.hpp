#pragma once

#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace fk::load {

// A checked PostgreSQL URL: the URL itself (secret), what may be shown, and the password to redact.
struct PgTarget {
  std::string url;      // as given; holds the password: never log or write it
  std::string display;  // postgresql://user@host:port/database, without the password
  std::string password; // empty when the URL has none (PGPASSWORD or ~/.pgpass may still supply one)
  std::string password_in_url; // the password as written in the URL (maybe percent-encoded)
};

// Check `url` (postgresql:// or postgres://, parsed by libpq) and describe it. A key=value
// connection string or a password in a query parameter is a usage error: it could not be redacted.
util::Result<PgTarget> parse_database_url(std::string_view url);

// Map a libpq connection failure message to an error kind: authentication and authorisation ->
// permission, a missing database -> not_found, everything else (refused, timeout, DNS, starting up,
// too many clients) -> temporary.
util::ErrorKind classify_connect_failure(std::string_view message);

// Map a SQLSTATE to an error kind: 08 (connection), 40 (rollback), 57 (operator), 53 (resources,
// 53100 disk full -> no_space) -> temporary; 28 and 42501 -> permission; else internal.
util::ErrorKind classify_sqlstate(std::string_view sqlstate);

// Own one libpq connection (closed when destroyed; an open transaction is rolled back by the server).
class PgConnection {
public:
  // Connect to `target` (client_encoding UTF8, connect_timeout 10 unless the URL sets it, notices
  // dropped); failures are classified with classify_connect_failure.
  static util::Result<PgConnection> connect(const PgTarget& target);

  PgConnection(PgConnection&& other) noexcept;
  PgConnection& operator=(PgConnection&&) = delete;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  // Close the connection.
  ~PgConnection();

  // Run `sql` (one or more statements returning nothing useful); `what` names it in errors.
  util::Status exec(const std::string& sql, const std::string& what);

  // Run `sql` with text parameters $1... and return its rows (NULL as nullopt).
  util::Result<std::vector<std::vector<std::optional<std::string>>>> query(const std::string& sql,
                                                                          const std::vector<std::string>& params,
                                                                          const std::string& what);

  // Start `COPY ... FROM STDIN`.
  util::Status copy_begin(const std::string& sql, const std::string& what);

  // Send `data` to the running COPY.
  util::Status copy_put(std::string_view data);

  // End the COPY; the server's refusal (a bad value) is returned as a message, an empty string on
  // success; a lost connection is an error.
  util::Result<std::string> copy_end();

  // Abort the running COPY with `reason` and wait for the server's answer.
  void copy_abort(const std::string& reason);

  // Return the target without its password.
  [[nodiscard]] const std::string& display() const noexcept { return m_display; }

private:
  PgConnection(pg_conn* conn, std::string display) : m_conn(conn), m_display(std::move(display)) {}
  util::Error error(const std::string& what, std::string_view sqlstate) const;

  pg_conn* m_conn = nullptr;
  std::string m_display;
};

} // namespace fk::load
