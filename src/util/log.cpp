#include "util/log.hpp"

#include "util/clock.hpp"
#include "util/json_writer.hpp"

#include <sstream>

namespace fk::util {

std::optional<LogLevel> parse_log_level(std::string_view text) {
  if (text == "debug") return LogLevel::debug;
  if (text == "info") return LogLevel::info;
  if (text == "warn" || text == "warning") return LogLevel::warn;
  if (text == "error") return LogLevel::error;
  return std::nullopt;
}

std::string_view level_name(LogLevel level) {
  switch (level) {
  case LogLevel::debug: return "debug";
  case LogLevel::info: return "info";
  case LogLevel::warn: return "warn";
  case LogLevel::error: return "error";
  }
  return "info";
}

Logger::Logger(std::ostream& out, LogFormat format, LogLevel min_level)
    : m_out(out), m_format(format), m_min_level(min_level) {}

void Logger::add_secret(std::string secret) {
  // Very short values would redact ordinary text and protect nothing.
  if (secret.size() < 4) return;
  std::lock_guard lock(m_mutex);
  m_secrets.push_back(std::move(secret));
}

std::string Logger::redact(std::string_view text) const {
  std::string out(text);
  std::lock_guard lock(m_mutex);
  for (const std::string& secret : m_secrets) {
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return out;
}

void Logger::log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields) {
  if (!enabled(level)) return;
  std::ostringstream line;
  const std::string timestamp = format_iso8601(system_now());
  if (m_format == LogFormat::json) {
    JsonWriter json(line, 0);
    json.begin_object();
    json.field("ts", timestamp).field("level", level_name(level)).field("msg", redact(message));
    for (const LogField& f : fields) json.field(f.key, redact(f.value));
    json.end_object();
  } else {
    line << timestamp << ' ' << level_name(level) << ' ' << redact(message);
    for (const LogField& f : fields) line << ' ' << f.key << '=' << redact(f.value);
  }
  line << '\n';
  std::lock_guard lock(m_mutex);
  m_out << line.str() << std::flush;
}

} // namespace fk::util
