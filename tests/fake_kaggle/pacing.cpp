#include "fake_kaggle/pacing.hpp"

#include <algorithm>
#include <thread>

namespace fk::fake_kaggle {

namespace {
constexpr std::size_t k_max_chunk = 256U * 1024U;
constexpr auto k_sleep_slice = std::chrono::milliseconds(20);
} // namespace

RateLimiter::RateLimiter(std::uint64_t bytes_per_sec)
    : m_bytes_per_sec(static_cast<double>(std::max<std::uint64_t>(bytes_per_sec, 1))),
      m_next_free(std::chrono::steady_clock::now()) {}

std::size_t RateLimiter::chunk_size() const {
  const double per_slice = m_bytes_per_sec / 20.0;
  if (per_slice >= static_cast<double>(k_max_chunk)) return k_max_chunk;
  return std::max<std::size_t>(1, static_cast<std::size_t>(per_slice));
}

bool RateLimiter::acquire(std::uint64_t bytes, const std::atomic<bool>& stopping) {
  std::chrono::steady_clock::time_point start;
  {
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    start = std::max(now, m_next_free);
    const auto cost = std::chrono::duration<double>(static_cast<double>(bytes) / m_bytes_per_sec);
    m_next_free = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(cost);
  }
  return sleep_unless_stopping(start - std::chrono::steady_clock::now(), stopping);
}

bool sleep_unless_stopping(std::chrono::steady_clock::duration duration, const std::atomic<bool>& stopping) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (true) {
    if (stopping.load()) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, k_sleep_slice));
  }
}

} // namespace fk::fake_kaggle
