#pragma once

#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace fk::load {

// Own one prepared SQLite statement; finalized when destroyed.
class Statement {
public:
  Statement() = default;
  // Take ownership of `statement`, prepared on `db`.
  Statement(sqlite3* db, sqlite3_stmt* statement) : m_db(db), m_statement(statement) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  // Finalize the statement.
  ~Statement();

  // Bind NULL, an integer, a double or a text (copied by SQLite) to the 1-based parameter `index`.
  void bind_null(int index);
  void bind_integer(int index, std::int64_t value);
  void bind_real(int index, double value);
  void bind_text(int index, std::string_view value);

  // Run the statement to completion and reset it for the next row; `what` names it in errors, whose
  // kind is `validation` when the row's data caused the failure (too big, a constraint).
  util::Status run(const std::string& what);

private:
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_statement = nullptr;
};

// Own one SQLite connection; closed when destroyed.
class Database {
public:
  // Open (creating) the database file at `path`.
  static util::Result<Database> open(const std::filesystem::path& path);

  Database(Database&& other) noexcept;
  Database& operator=(Database&&) = delete;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  // Close the connection (rolling back an open transaction).
  ~Database();

  // Run one or more SQL statements that return no rows.
  util::Status exec(const std::string& sql);

  // Prepare `sql` for repeated use.
  util::Result<Statement> prepare(const std::string& sql);

  // Return the most columns a table of this connection can have and one INSERT can bind: the
  // smaller of SQLITE_LIMIT_COLUMN (2000 by default) and SQLITE_LIMIT_VARIABLE_NUMBER.
  [[nodiscard]] int column_limit() const;

  // Close the connection now, reporting a failure.
  util::Status close();

private:
  Database(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) {}
  util::Error error(const std::string& what) const;

  sqlite3* m_db = nullptr;
  std::filesystem::path m_path;
};

} // namespace fk::load
