#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace fk::fake_kaggle {

// Spread sends over time so that at most `bytes_per_sec` leave on average (shared by threads).
class RateLimiter {
public:
  // Allow `bytes_per_sec` (> 0) bytes per second.
  explicit RateLimiter(std::uint64_t bytes_per_sec);

  // Wait until `bytes` more may be sent; return false if `stopping` turned true while waiting.
  bool acquire(std::uint64_t bytes, const std::atomic<bool>& stopping);

  // Return a send size that keeps pacing smooth (about 20 sends a second, 1 byte to 256 KiB).
  [[nodiscard]] std::size_t chunk_size() const;

private:
  std::mutex m_mutex;
  double m_bytes_per_sec;
  std::chrono::steady_clock::time_point m_next_free;
};

// Sleep for `duration` in short slices; return false if `stopping` turned true meanwhile.
bool sleep_unless_stopping(std::chrono::steady_clock::duration duration, const std::atomic<bool>& stopping);

} // namespace fk::fake_kaggle
