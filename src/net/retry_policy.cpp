#include "net/retry_policy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>

#include "util/signals.hpp"

namespace fk::net {

namespace {

// How often an interruptible sleep checks for a stop request.
constexpr std::chrono::milliseconds k_sleep_slice{100};

double real_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

} // namespace

bool RetryBudget::take() {
  int left = m_left.load();
  while (left > 0) {
    if (m_left.compare_exchange_weak(left, left - 1)) return true;
  }
  return false;
}

bool interruptible_sleep(std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (!util::stop_requested()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(k_sleep_slice, deadline - now));
  }
  return false;
}

RetryPolicy::RetryPolicy(RetryConfig config, RandomSource random, Sleeper sleeper)
    : m_config(config), m_random(random ? std::move(random) : RandomSource(real_random)),
      m_sleeper(sleeper ? std::move(sleeper) : Sleeper(interruptible_sleep)) {
  m_config.max_attempts = std::max(1, m_config.max_attempts);
  m_config.base = std::max(m_config.base, std::chrono::milliseconds(0));
  m_config.cap = std::max(m_config.cap, m_config.base);
  m_config.retry_after_cap = std::max(m_config.retry_after_cap, std::chrono::milliseconds(0));
}

std::chrono::milliseconds RetryPolicy::delay(int retry, std::optional<std::chrono::milliseconds> retry_after) const {
  if (retry_after) {
    return std::clamp(*retry_after, std::chrono::milliseconds(0), m_config.retry_after_cap);
  }
  // Exponential ceiling base * 2^(retry-1), computed in double to avoid overflow, then full jitter.
  const int exponent = std::clamp(retry - 1, 0, 62);
  const double ceiling = std::min(static_cast<double>(m_config.cap.count()),
                                  static_cast<double>(m_config.base.count()) * std::pow(2.0, exponent));
  const double fraction = std::clamp(m_random(), 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(ceiling * fraction));
}

bool RetryPolicy::wait(int retry, std::optional<std::chrono::milliseconds> retry_after) const {
  if (util::stop_requested()) return false;
  if (m_config.budget) (void)m_config.budget->take();
  return m_sleeper(delay(retry, retry_after));
}

} // namespace fk::net
