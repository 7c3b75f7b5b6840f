#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "util/log.hpp"

namespace fk::cli {

// Show transfer progress: a bar (bytes, rate, ETA) on a terminal, a log line every few seconds otherwise.
class Progress {
public:
  // Draw on `terminal` when it is a terminal (nullptr: log lines through `log` instead).
  Progress(std::ostream* terminal, util::Logger& log, std::chrono::seconds log_every = std::chrono::seconds(10));

  // Start a new item named `label` (e.g. a dataset ref).
  void start(const std::string& label);

  // Record that `done` of `total` bytes arrived.
  void update(std::uint64_t done, std::optional<std::uint64_t> total);

  // End the current item (clears the bar).
  void finish();

private:
  std::ostream* m_terminal;
  util::Logger& m_log;
  std::chrono::seconds m_log_every;
  std::string m_label;
  std::chrono::steady_clock::time_point m_started;
  std::chrono::steady_clock::time_point m_last_output;
  std::mutex m_mutex;
};

} // namespace fk::cli
