#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace fk::net {

// Tune how often and how patiently a failed transfer is retried.
struct RetryConfig {
  int max_attempts = 5;                                 // total attempts, the first included
  std::chrono::milliseconds base{1000};                 // backoff before the first retry, before jitter
  std::chrono::milliseconds cap{60000};                 // longest backoff
  std::chrono::milliseconds retry_after_cap{60000};     // longest wait a server's Retry-After may impose
};

// Decide whether and how long to wait between attempts: exponential backoff with full jitter,
// or the server's Retry-After (capped) when it sent one.
class RetryPolicy {
public:
  // Return a uniformly distributed number in [0, 1).
  using RandomSource = std::function<double()>;
  // Sleep for the given time; return false when interrupted (a stop was requested).
  using Sleeper = std::function<bool(std::chrono::milliseconds)>;

  // Use `config`, a random source and a sleeper; empty functions mean the real ones.
  explicit RetryPolicy(RetryConfig config, RandomSource random = {}, Sleeper sleeper = {});

  // Return true when another attempt may follow `attempts_made` attempts.
  [[nodiscard]] bool may_retry(int attempts_made) const { return attempts_made < m_config.max_attempts; }

  // Return the wait before retry number `retry` (1 for the first), honouring `retry_after` when set.
  [[nodiscard]] std::chrono::milliseconds delay(int retry, std::optional<std::chrono::milliseconds> retry_after) const;

  // Wait before retry number `retry`; return false when a stop was requested meanwhile.
  bool wait(int retry, std::optional<std::chrono::milliseconds> retry_after) const;

  // Return the configuration.
  [[nodiscard]] const RetryConfig& config() const { return m_config; }

private:
  RetryConfig m_config;
  RandomSource m_random;
  Sleeper m_sleeper;
};

// Sleep for `duration` in short slices, returning false as soon as util::stop_requested() is true.
bool interruptible_sleep(std::chrono::milliseconds duration);

} // namespace fk::net
