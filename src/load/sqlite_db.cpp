#include "load/sqlite_db.hpp"

#include <sqlite3.h>
#include <utility>

namespace fk::load {

namespace {

util::Error sqlite_error(sqlite3* db, int code, const std::string& what) {
  const std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  const bool full = code == SQLITE_FULL;
  return util::make_error(full ? util::ErrorKind::no_space : util::ErrorKind::internal, what, why,
                          full ? "free space on the data volume and run process again"
                               : "check the data volume (space, permissions) and run process again; report it if "
                                 "it repeats");
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
  return sqlite_error(m_db, sqlite3_errcode(m_db), what + " in " + m_path.string());
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

util::Status Database::close() {
  const int code = sqlite3_close(m_db);
  if (code != SQLITE_OK) return error("cannot close the database");
  m_db = nullptr;
  return util::Ok{};
}

} // namespace fk::load
