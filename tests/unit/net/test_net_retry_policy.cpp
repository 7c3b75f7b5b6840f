#include "net/retry_policy.hpp"
#include "util/signals.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <vector>

using namespace fk::net;
using namespace std::chrono_literals;

namespace {

RetryConfig config_1s_to_10s() {
  RetryConfig config;
  config.max_attempts = 4;
  config.base = 1000ms;
  config.cap = 10000ms;
  config.retry_after_cap = 30000ms;
  return config;
}

} // namespace

TEST_CASE("RetryPolicy backs off exponentially with full jitter, up to the cap") {
  double fraction = 1.0;
  RetryPolicy policy(config_1s_to_10s(), [&] { return fraction; }, [](auto) { return true; });
  CHECK(policy.delay(1, std::nullopt) == 1000ms);
  CHECK(policy.delay(2, std::nullopt) == 2000ms);
  CHECK(policy.delay(4, std::nullopt) == 8000ms);
  CHECK(policy.delay(5, std::nullopt) == 10000ms);  // capped
  CHECK(policy.delay(60, std::nullopt) == 10000ms); // no overflow
  fraction = 0.25;
  CHECK(policy.delay(3, std::nullopt) == 1000ms);
  fraction = 0.0;
  CHECK(policy.delay(3, std::nullopt) == 0ms);
}

TEST_CASE("RetryPolicy honours Retry-After up to its cap") {
  RetryPolicy policy(config_1s_to_10s(), [] { return 0.5; }, [](auto) { return true; });
  CHECK(policy.delay(1, 20000ms) == 20000ms); // above the backoff cap, below the Retry-After cap
  CHECK(policy.delay(1, 120000ms) == 30000ms);
  CHECK(policy.delay(1, 0ms) == 0ms);
}

TEST_CASE("RetryPolicy counts attempts and sleeps through the injected sleeper") {
  std::vector<std::chrono::milliseconds> slept;
  RetryPolicy policy(config_1s_to_10s(), [] { return 1.0; }, [&](std::chrono::milliseconds d) {
    slept.push_back(d);
    return true;
  });
  CHECK(policy.may_retry(3));
  CHECK_FALSE(policy.may_retry(4));
  CHECK(policy.wait(2, std::nullopt));
  CHECK(policy.wait(1, 5000ms));
  CHECK(slept == std::vector<std::chrono::milliseconds>{2000ms, 5000ms});
}

TEST_CASE("interruptible_sleep returns early once a stop is requested") {
  fk::util::install_signal_handlers();
  fk::util::reset_stop_request_for_tests();
  CHECK(interruptible_sleep(10ms));
  std::raise(SIGTERM);
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(interruptible_sleep(10000ms));
  CHECK(std::chrono::steady_clock::now() - start < 1000ms);
  RetryPolicy policy(config_1s_to_10s(), [] { return 1.0; }, [](auto) { return true; });
  CHECK_FALSE(policy.wait(1, std::nullopt));
  fk::util::reset_stop_request_for_tests();
}

TEST_CASE("one RetryBudget caps the retries of every policy sharing it") {
  RetryConfig config = config_1s_to_10s();
  config.max_attempts = 10;
  config.budget = std::make_shared<RetryBudget>(2);
  int sleeps = 0;
  RetryPolicy first(config, [] { return 0.0; }, [&](auto) { return ++sleeps > 0; });
  RetryPolicy second(config, [] { return 0.0; }, [&](auto) { return ++sleeps > 0; });
  CHECK(first.may_retry(1));
  CHECK(first.wait(1, std::nullopt));
  CHECK(second.may_retry(1));
  CHECK(second.wait(1, std::nullopt));
  CHECK_FALSE(first.may_retry(2));
  CHECK_FALSE(second.may_retry(1));
  CHECK(first.budget_spent());
  CHECK(config.budget->left() == 0);
  CHECK_FALSE(config.budget->take());
  CHECK(sleeps == 2);
  CHECK(RetryBudget(-3).left() == 0);
}
