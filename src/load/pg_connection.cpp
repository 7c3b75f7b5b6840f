#include "load/pg_connection.hpp"

#include <libpq-fe.h>

#include <array>
#include <memory>
#include <utility>

namespace fk::load {

namespace {

struct ResultClear {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClear>;

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

std::string fix_for(util::ErrorKind kind, const std::string& display) {
  switch (kind) {
  case util::ErrorKind::permission:
    return "check the user and password of " + display +
           " (--database-url or DATABASE_URL, PGPASSWORD, ~/.pgpass), the user's rights and the server's pg_hba.conf";
  case util::ErrorKind::not_found:
    return "create the database (createdb) or fix the database name in the URL";
  case util::ErrorKind::no_space:
    return "free space on the PostgreSQL server, then run process again; the day's previous rows are unchanged";
  case util::ErrorKind::temporary:
    return "check that the server at " + display +
           " is running and reachable, then run process again; the day's previous rows are unchanged";
  default:
    return "run process again; the day's previous rows are unchanged; report it if it repeats";
  }
}

} // namespace

util::Result<PgTarget> parse_database_url(std::string_view url) {
  const std::string text(url);
  const auto usage = [](std::string why) {
    return util::make_error(util::ErrorKind::usage, "bad --database-url / DATABASE_URL", std::move(why),
                            "give postgresql://user:password@host:port/database (the password may also come from "
                            "PGPASSWORD or ~/.pgpass)");
  };
  const std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string::npos || (text.substr(0, scheme_end) != "postgresql" && text.substr(0, scheme_end) != "postgres")) {
    return usage("it is not a postgresql:// URL");
  }
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(text.c_str(), &message);
  if (options == nullptr) {
    PQfreemem(message);
    return usage("libpq cannot parse it");
  }
  PgTarget target;
  target.url = text;
  std::string user, host, port, dbname;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string keyword = option->keyword;
    if (keyword == "user") user = option->val;
    if (keyword == "host" || (keyword == "hostaddr" && host.empty())) host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
    if (keyword == "password") target.password = option->val;
  }
  PQconninfoFree(options);
  const std::size_t authority = scheme_end + 3;
  const std::size_t at = text.find('@', authority);
  const std::size_t path = text.find_first_of("/?", authority);
  if (at != std::string::npos && (path == std::string::npos || at < path)) {
    const std::size_t colon = text.find(':', authority);
    if (colon != std::string::npos && colon < at) target.password_in_url = text.substr(colon + 1, at - colon - 1);
  }
  if (!target.password.empty() && target.password_in_url.empty()) {
    return usage("the password is in a query parameter, where it could not be redacted from reports");
  }
  target.display = "postgresql://" + (user.empty() ? "" : user + "@") + host + (port.empty() ? "" : ":" + port) + "/" +
                   dbname;
  return target;
}

util::ErrorKind classify_connect_failure(std::string_view message) {
  static constexpr std::array<std::string_view, 8> k_permission = {
      "authentication failed", "no password supplied", "pg_hba.conf", "role \"",
      "permission denied",     "SCRAM",                "password",     "not permitted to log in"};
  if (contains(message, "database \"") && contains(message, "\" does not exist")) return util::ErrorKind::not_found;
  for (const std::string_view part : k_permission) {
    if (contains(message, part)) return util::ErrorKind::permission;
  }
  return util::ErrorKind::temporary;
}

util::ErrorKind classify_sqlstate(std::string_view sqlstate) {
  if (sqlstate == "53100") return util::ErrorKind::no_space;
  if (sqlstate == "42501" || sqlstate.starts_with("28")) return util::ErrorKind::permission;
  if (sqlstate.starts_with("08") || sqlstate.starts_with("40") || sqlstate.starts_with("57") ||
      sqlstate.starts_with("53")) {
    return util::ErrorKind::temporary;
  }
  return util::ErrorKind::internal;
}

util::Result<PgConnection> PgConnection::connect(const PgTarget& target) {
  const std::array<const char*, 5> keywords = {"connect_timeout", "application_name", "dbname", "client_encoding",
                                               nullptr};
  const std::array<const char*, 5> values = {"10", "fetch-kaggle", target.url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (conn == nullptr) {
    return util::make_error(util::ErrorKind::internal, "cannot connect to " + target.display, "out of memory");
  }
  PgConnection connection(conn, target.display);
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(conn));
    const util::ErrorKind kind = classify_connect_failure(why);
    return util::make_error(kind, "cannot connect to " + target.display, why, fix_for(kind, target.display));
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  return connection;
}

PgConnection::PgConnection(PgConnection&& other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr)), m_display(std::move(other.m_display)) {}

PgConnection::~PgConnection() {
  if (m_conn != nullptr) PQfinish(m_conn);
}

util::Error PgConnection::error(const std::string& what, std::string_view sqlstate) const {
  util::ErrorKind kind = classify_sqlstate(sqlstate);
  if (PQstatus(m_conn) != CONNECTION_OK) kind = util::ErrorKind::temporary;
  return util::make_error(kind, what + " on " + m_display, trimmed(PQerrorMessage(m_conn)), fix_for(kind, m_display));
}

util::Status PgConnection::exec(const std::string& sql, const std::string& what) {
  const ResultPtr result(PQexec(m_conn, sql.c_str()));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return util::Ok{};
  const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  return error(what, state != nullptr ? state : "");
}

util::Result<std::vector<std::vector<std::optional<std::string>>>>
PgConnection::query(const std::string& sql, const std::vector<std::string>& params, const std::string& what) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& param : params) values.push_back(param.c_str());
  const ResultPtr result(PQexecParams(m_conn, sql.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                      nullptr, nullptr, 0));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
    return error(what, state != nullptr ? state : "");
  }
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (int r = 0; r < PQntuples(result.get()); ++r) {
    std::vector<std::optional<std::string>> row;
    for (int c = 0; c < PQnfields(result.get()); ++c) {
      if (PQgetisnull(result.get(), r, c) != 0) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(PQgetvalue(result.get(), r, c));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

util::Status PgConnection::copy_begin(const std::string& sql, const std::string& what) {
  const ResultPtr result(PQexec(m_conn, sql.c_str()));
  if (PQresultStatus(result.get()) == PGRES_COPY_IN) return util::Ok{};
  const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  return error(what, state != nullptr ? state : "");
}

util::Status PgConnection::copy_put(std::string_view data) {
  if (PQputCopyData(m_conn, data.data(), static_cast<int>(data.size())) == 1) return util::Ok{};
  return error("cannot send rows", "08000");
}

util::Result<std::string> PgConnection::copy_end() {
  if (PQputCopyEnd(m_conn, nullptr) != 1) return error("cannot end COPY", "08000");
  std::string refusal;
  while (PGresult* raw = PQgetResult(m_conn)) {
    const ResultPtr result(raw);
    if (PQresultStatus(raw) == PGRES_COMMAND_OK) continue;
    const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
    const std::string sqlstate = state != nullptr ? state : "";
    if (PQstatus(m_conn) != CONNECTION_OK || classify_sqlstate(sqlstate) != util::ErrorKind::internal) {
      return error("COPY failed", sqlstate);
    }
    refusal = trimmed(PQresultErrorMessage(raw));
  }
  return refusal;
}

void PgConnection::copy_abort(const std::string& reason) {
  if (PQputCopyEnd(m_conn, reason.c_str()) != 1) return;
  while (PGresult* raw = PQgetResult(m_conn)) PQclear(raw);
}

} // namespace fk::load
