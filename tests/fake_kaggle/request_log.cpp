#include "fake_kaggle/request_log.hpp"

#include "util/json_writer.hpp"

#include <cerrno>
#include <iostream>
#include <sstream>

namespace fk::fake_kaggle {

std::string RequestRecord::to_json() const {
  std::ostringstream out;
  util::JsonWriter json(out, 0);
  json.begin_object();
  json.field("time", time).field("method", method).field("path", path).field("query", query);
  json.key("headers").begin_object();
  for (const auto& [name, value] : headers) json.field(name, value);
  json.end_object();
  json.key("body");
  if (body) json.value(*body);
  else json.null();
  json.field("status", status).field("bytes_sent", bytes_sent);
  json.key("fault");
  if (fault) json.value(static_cast<std::uint64_t>(*fault));
  else json.null();
  json.field("auth_on_storage", auth_on_storage);
  json.key("api_method");
  if (api_method) json.value(*api_method);
  else json.null();
  json.field("duration_us", duration_us);
  json.end_object();
  return out.str();
}

util::Result<std::unique_ptr<RequestLog>> RequestLog::open(const std::filesystem::path& file) {
  std::unique_ptr<RequestLog> log(new RequestLog());
  log->m_path = file;
  if (!file.empty()) {
    errno = 0;
    log->m_file.open(file, std::ios::out | std::ios::app | std::ios::binary);
    if (!log->m_file) {
      return util::make_error(util::ErrorKind::permission, "cannot open the request log " + file.string(),
                              errno != 0 ? util::errno_text(errno) : "open failed",
                              "pass a --request-log path in a writable folder");
    }
  }
  return log;
}

void RequestLog::append(const RequestRecord& record) {
  const std::string line = record.to_json();
  std::lock_guard lock(m_mutex);
  m_lines.push_back(line);
  if (!m_file.is_open()) return;
  m_file << line << '\n' << std::flush;
  if (!m_file) {
    std::cerr << "fake-kaggle: error: cannot append to the request log " << m_path.string()
              << " (check free space and permissions)\n";
    m_file.clear();
  }
}

std::string RequestLog::json_array() const {
  std::lock_guard lock(m_mutex);
  std::string out = "[";
  for (std::size_t i = 0; i < m_lines.size(); ++i) {
    if (i > 0) out += ',';
    out += m_lines[i];
  }
  out += ']';
  return out;
}

void RequestLog::clear() {
  std::lock_guard lock(m_mutex);
  m_lines.clear();
}

} // namespace fk::fake_kaggle
