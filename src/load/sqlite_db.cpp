#include "load/sqlite_db.hpp"

#include <algorithm>
#include <sqlite3.h>
#include <utility>

namespace fk::load {

namespace {

// Map an SQLite result code to an error kind: what the table's data or shape caused (a statement
// the file's columns make invalid or too long, a value too big, a constraint) is `validation`,
// scoped to that table; a full disk is `no_space`; permission and read-only are `permission`;
// everything else (I/O error, corruption, out of memory) is `internal` and stops the run.
util::ErrorKind sqlite_error_kind(int code) {
  switch (code & 0xff) {
  case SQLITE_ERROR:
  case SQLITE_TOOBIG:
  case SQLITE_CONSTRAINT:
  case SQLITE_MISMATCH:
  case SQLITE_RANGE:
    return util::ErrorKind::validation;
  case SQLITE_FULL:
    return util::ErrorKind::no_space;
  case SQLITE_PERM:
  case SQLITE_READONLY:
  case SQLITE_CANTOPEN:
  case SQLITE_AUTH:
    return util::ErrorKind::permission;
  default:
    return util::ErrorKind::internal;
  }
}

util::Error sqlite_error(sqlite3* db, int code, const std::string& what) {
  const std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  const util::ErrorKind kind = sqlite_error_kind(code);
  switch (kind) {
  case util::ErrorKind::validation:
    return util::make_error(kind, what, why,
                            "the table was not loaded, the others were; fix the file and run process again");
  case util::ErrorKind::no_space:
    return util::make_error(kind, what, why, "free space on the data volume and run process again");
  case util::ErrorKind::permission:
    return util::make_error(kind, what, why, "make the processed folder writable by this user and run process again");
  default:
    return util::make_error(
        kind, what, why, "check the data volume (space, permissions) and run process again; report it if it repeats");
  }
}

} // namespace

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_statement(std::exchange(other.m_statement, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_statement);
    m_db = std::exchange(other.m_db, nullptr);
    m_statement = std::exchange(other.m_statement, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(m_statement);
}

void Statement::bind_null(int index) {
  sqlite3_bind_null(m_statement, index);
}

void Statement::bind_integer(int index, std::int64_t value) {
  sqlite3_bind_int64(m_statement, index, static_cast<sqlite3_int64>(value));
}

void Statement::bind_real(int index, double value) {
  sqlite3_bind_double(m_statement, index, value);
}

void Statement::bind_text(int index, std::string_view value) {
  sqlite3_bind_text64(m_statement, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

util::Status Statement::run(const std::string& what) {
  const int code = sqlite3_step(m_statement);
  sqlite3_reset(m_statement);
  sqlite3_clear_bindings(m_statement);
  if (code != SQLITE_DONE) return sqlite_error(m_db, code, what);
  return util::Ok{};
}

util::Result<Database> Database::open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (code != SQLITE_OK) {
    util::Error error = sqlite_error(db, code, "cannot open the SQLite database " + path.string());
    sqlite3_close(db);
    return error;
  }
  return Database(db, path);
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)) {}

Database::~Database() {
  sqlite3_close_v2(m_db);
}

util::Error Database::error(const std::string& what) const {
  return sqlite_error(m_db, sqlite3_extended_errcode(m_db), what + " in " + m_path.string());
}

util::Status Database::exec(const std::string& sql) {
  if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return error("cannot run " + sql);
  return util::Ok{};
}

util::Result<Statement> Database::prepare(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
    return error("cannot prepare " + sql);
  }
  return Statement(m_db, statement);
}

int Database::column_limit() const {
  return std::min(sqlite3_limit(m_db, SQLITE_LIMIT_COLUMN, -1), sqlite3_limit(m_db, SQLITE_LIMIT_VARIABLE_NUMBER, -1));
}

util::Status Database::close() {
  const int code = sqlite3_close(m_db);
  if (code != SQLITE_OK) return error("cannot close the database");
  m_db = nullptr;
  return util::Ok{};
}

} // namespace fk::load
