#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace fk::net {

// Count the retries a run may still make; one budget is shared by every API call and transfer of
// a run (thread-safe), so a sick server cannot keep a run retrying for hours.
class RetryBudget {
public:
  // Allow `retries` retries in all (negative counts as none).
  explicit RetryBudget(int retries) : m_left(retries < 0 ? 0 : retries) {}

  // Use up one retry; return false when none was left.
  bool take();

  // Return how many retries are left.
  [[nodiscard]] int left() const { return m_left.load(); }

private:
  std::atomic<int> m_left;
};

// Tune how often and how patiently a failed transfer or API call is retried.
struct RetryConfig {
  int max_attempts = 5;                                 // total attempts, the first included
  std::chrono::milliseconds base{1000};                 // backoff before the first retry, before jitter
  std::chrono::milliseconds cap{60000};                 // longest backoff
  std::chrono::milliseconds retry_after_cap{60000};     // longest wait a server's Retry-After may impose
  std::shared_ptr<RetryBudget> budget;                  // the run's retries, shared; null: no run-wide limit
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

  // Return true when another attempt may follow `attempts_made` attempts (and the run's budget has one left).
  [[nodiscard]] bool may_retry(int attempts_made) const {
    return attempts_made < m_config.max_attempts && (!m_config.budget || m_config.budget->left() > 0);
  }

  // Return true when the run's retry budget is spent (so `may_retry` says no whatever the attempt).
  [[nodiscard]] bool budget_spent() const { return m_config.budget && m_config.budget->left() <= 0; }

  // Return the wait before retry number `retry` (1 for the first), honouring `retry_after` when set.
  [[nodiscard]] std::chrono::milliseconds delay(int retry, std::optional<std::chrono::milliseconds> retry_after) const;

  // Use up one retry of the run's budget and wait before retry number `retry`; return false when a
  // stop was requested meanwhile.
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
