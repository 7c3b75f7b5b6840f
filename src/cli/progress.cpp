#include "cli/progress.hpp"

#include "util/fs.hpp"

#include <cstdio>

namespace fk::cli {

Progress::Progress(std::ostream* terminal, util::Logger& log, std::chrono::seconds log_every)
    : m_terminal(terminal), m_log(log), m_log_every(log_every) {}

void Progress::start(const std::string& label) {
  std::lock_guard lock(m_mutex);
  m_label = label;
  m_started = m_last_output = std::chrono::steady_clock::now();
}

void Progress::update(std::uint64_t done, std::optional<std::uint64_t> total) {
  std::lock_guard lock(m_mutex);
  const auto now = std::chrono::steady_clock::now();
  const auto since_last = now - m_last_output;
  if (m_terminal != nullptr ? since_last < std::chrono::milliseconds(200) : since_last < m_log_every) return;
  m_last_output = now;
  const double seconds = std::chrono::duration<double>(now - m_started).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string eta = "?";
  if (total && rate > 0 && *total >= done) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0fs", static_cast<double>(*total - done) / rate);
    eta = buffer;
  }
  const std::string rate_text = util::human_bytes(static_cast<std::uint64_t>(rate)) + "/s";
  if (m_terminal != nullptr) {
    std::string bar;
    if (total && *total > 0) {
      const auto filled = static_cast<std::size_t>(30.0 * static_cast<double>(done) / static_cast<double>(*total));
      bar = "[" + std::string(std::min<std::size_t>(filled, 30), '#') + std::string(30 - std::min<std::size_t>(filled, 30), ' ') + "] ";
    }
    *m_terminal << "\r" << m_label << " " << bar << util::human_bytes(done)
                << (total ? " / " + util::human_bytes(*total) : std::string()) << "  " << rate_text << "  ETA " << eta
                << "\x1b[K" << std::flush;
  } else {
    m_log.info("progress", {{"item", m_label}, {"bytes", std::to_string(done)},
                            {"total", total ? std::to_string(*total) : std::string("unknown")},
                            {"rate", rate_text}, {"eta", eta}});
  }
}

void Progress::finish() {
  std::lock_guard lock(m_mutex);
  if (m_terminal != nullptr) *m_terminal << "\r\x1b[K" << std::flush;
}

} // namespace fk::cli
