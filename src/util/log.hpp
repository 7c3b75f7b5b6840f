#pragma once

#include <initializer_list>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace fk::util {

enum class LogLevel { debug, info, warn, error };
enum class LogFormat { text, json };

// Parse "debug|info|warn|warning|error"; nullopt for anything else.
std::optional<LogLevel> parse_log_level(std::string_view text);

// Name a level as it appears in log lines.
std::string_view level_name(LogLevel level);

// One key=value pair attached to a log line.
struct LogField {
  std::string_view key;
  std::string value;
};

// Write log lines (human text or JSON lines) to one stream, thread-safe, with secrets redacted.
class Logger {
public:
  // Log to `out` in `format`, dropping lines below `min_level`.
  Logger(std::ostream& out, LogFormat format, LogLevel min_level);

  // Replace every occurrence of `secret` in later lines with "***" (empty or tiny secrets are ignored).
  void add_secret(std::string secret);

  // Return `text` with every registered secret replaced by "***".
  [[nodiscard]] std::string redact(std::string_view text) const;

  // Return true when a line at `level` would be written.
  [[nodiscard]] bool enabled(LogLevel level) const { return level >= m_min_level; }

  // Write one line at `level` with `message` and optional fields.
  void log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields = {});
  void debug(std::string_view message, std::initializer_list<LogField> fields = {}) { log(LogLevel::debug, message, fields); }
  void info(std::string_view message, std::initializer_list<LogField> fields = {}) { log(LogLevel::info, message, fields); }
  void warn(std::string_view message, std::initializer_list<LogField> fields = {}) { log(LogLevel::warn, message, fields); }
  void error(std::string_view message, std::initializer_list<LogField> fields = {}) { log(LogLevel::error, message, fields); }

  // Return the format lines are written in.
  [[nodiscard]] LogFormat format() const { return m_format; }

private:
  std::ostream& m_out;
  LogFormat m_format;
  LogLevel m_min_level;
  std::vector<std::string> m_secrets;
  mutable std::mutex m_mutex;
};

} // namespace fk::util
