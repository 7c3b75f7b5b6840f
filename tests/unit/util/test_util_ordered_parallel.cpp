#include "util/ordered_parallel.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <numeric>
#include <stdexcept>
#include <thread>

using fk::util::ordered_parallel;

TEST_CASE("ordered_parallel delivers every result in index order on the calling thread") {
  const std::size_t count = 200;
  std::vector<std::size_t> order(count);
  std::iota(order.rbegin(), order.rend(), std::size_t{0}); // start from the last item
  std::vector<std::size_t> delivered;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  const auto caller = std::this_thread::get_id();
  ordered_parallel<std::size_t>(
      count, 4, order,
      [&](std::size_t i) {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds((i * 37) % 300));
        --running;
        return i * i;
      },
      [&](std::size_t i, std::size_t& square) {
        CHECK(std::this_thread::get_id() == caller);
        CHECK(square == i * i);
        delivered.push_back(i);
        return true;
      });
  std::vector<std::size_t> expected(count);
  std::iota(expected.begin(), expected.end(), std::size_t{0});
  CHECK(delivered == expected);
  CHECK(most.load() > 1);  // the items really ran at once
  CHECK(most.load() <= 4); // and never on more threads than asked
}

TEST_CASE("ordered_parallel stops starting items once deliver says stop, and rethrows a failure") {
  std::atomic<std::size_t> started{0};
  std::vector<std::size_t> delivered;
  ordered_parallel<int>(
      1000, 3, {},
      [&](std::size_t) {
        ++started;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        return 1;
      },
      [&](std::size_t i, int&) {
        delivered.push_back(i);
        return i < 9;
      });
  CHECK(delivered.size() == 10);
  CHECK(started.load() < 100);

  std::vector<std::size_t> before;
  CHECK_THROWS_WITH(ordered_parallel<int>(
                        50, 2, {},
                        [](std::size_t i) {
                          if (i == 20) throw std::runtime_error("item 20 failed");
                          return 0;
                        },
                        [&](std::size_t i, int&) {
                          before.push_back(i);
                          return true;
                        }),
                    "item 20 failed");
  CHECK(before.size() <= 20);

  std::vector<std::size_t> single;
  ordered_parallel<int>(
      5, 1, {}, [](std::size_t i) { return static_cast<int>(i); },
      [&](std::size_t i, int& value) {
        single.push_back(i);
        return value == static_cast<int>(i);
      });
  CHECK(single.size() == 5);
}
