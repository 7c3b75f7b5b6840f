// ByteChannel driven hard: tiny capacities, thousands of hand-overs, aborts racing with blocked
// pushes and pops, close racing with the last pops. Run under ThreadSanitizer by scripts/test.sh
// (docs/testing.md); each case also checks what arrived, so it fails without a sanitizer too.
#include "util/byte_channel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace fk::util;

namespace {

// Return chunk `i` of a deterministic stream: 0 to 7 bytes, each byte naming its chunk.
std::string chunk_of(std::uint32_t i) { return std::string(i * 2654435761U % 8U, static_cast<char>('!' + i % 90U)); }

} // namespace

TEST_CASE("ByteChannel with a capacity of a few bytes hands over 20,000 chunks intact and in order") {
  for (const std::size_t capacity : {std::size_t{1}, std::size_t{3}, std::size_t{16}}) {
    INFO("capacity " << capacity);
    ByteChannel channel(capacity);
    constexpr std::uint32_t k_chunks = 20'000;
    std::string sent;
    std::thread producer([&] {
      for (std::uint32_t i = 0; i < k_chunks; ++i) {
        std::string chunk = chunk_of(i);
        sent += chunk;
        if (!channel.push(std::move(chunk))) return;
      }
      channel.close();
    });
    std::string received;
    std::size_t most_buffered = 0;
    while (auto chunk = channel.pop()) {
      received += *chunk;
      most_buffered = std::max(most_buffered, channel.buffered_bytes());
    }
    producer.join();
    CHECK_FALSE(channel.error().has_value());
    CHECK(received.size() == sent.size());
    CHECK(received == sent);
    // A chunk larger than the capacity passes only into an empty channel: never more than 7 bytes held.
    CHECK(most_buffered <= std::max<std::size_t>(capacity, 7));
  }
}

TEST_CASE("ByteChannel close right after the last push never loses buffered chunks") {
  for (int round = 0; round < 300; ++round) {
    ByteChannel channel(4);
    const int count = 1 + round % 17;
    std::thread producer([&] {
      for (int i = 0; i < count; ++i) (void)channel.push(std::string(1 + static_cast<std::size_t>(i % 3), 'x'));
      channel.close();
    });
    int popped = 0;
    while (channel.pop()) ++popped;
    producer.join();
    REQUIRE(popped == count);
  }
}

TEST_CASE("ByteChannel abort by the consumer at a random point stops a fast producer") {
  for (int round = 0; round < 200; ++round) {
    ByteChannel channel(2);
    std::atomic<int> refused_at{-1};
    std::thread producer([&] {
      for (int i = 0; i < 100'000; ++i) {
        if (!channel.push(std::string(1 + static_cast<std::size_t>(i % 2), 'p'))) {
          refused_at = i;
          return;
        }
      }
      channel.close();
    });
    const int stop_after = round * 7 % 50;
    for (int i = 0; i < stop_after; ++i) REQUIRE(channel.pop().has_value());
    channel.abort(make_error(ErrorKind::validation, "cannot extract owner/slug", "zip bomb"));
    producer.join(); // a producer blocked in push wakes up; it must not hang
    CHECK(refused_at.load() >= stop_after);
    CHECK_FALSE(channel.pop().has_value());
    REQUIRE(channel.error().has_value());
    CHECK(channel.error()->why == "zip bomb");
  }
}

TEST_CASE("ByteChannel abort by the producer wakes a consumer whichever side is first") {
  for (int round = 0; round < 200; ++round) {
    ByteChannel channel(8);
    std::vector<std::string> got;
    std::thread consumer([&] {
      while (auto chunk = channel.pop()) got.push_back(*chunk);
    });
    for (int i = 0; i < round % 5; ++i) (void)channel.push("abc");
    channel.abort(make_error(ErrorKind::temporary, "cannot download owner/slug", "connection reset"));
    consumer.join();
    CHECK(got.size() <= static_cast<std::size_t>(round % 5));
    for (const std::string& chunk : got) CHECK(chunk == "abc");
    CHECK(channel.error()->kind == ErrorKind::temporary);
  }
}

TEST_CASE("ByteChannel aborts from both sides at once keep exactly one error") {
  for (int round = 0; round < 200; ++round) {
    ByteChannel channel(1);
    std::thread producer([&] {
      while (channel.push("z")) {
      }
      channel.abort(make_error(ErrorKind::temporary, "producer", "from the producer"));
    });
    std::thread consumer([&] {
      (void)channel.pop();
      channel.abort(make_error(ErrorKind::validation, "consumer", "from the consumer"));
    });
    // A third thread only looks, as a progress reporter would.
    std::thread watcher([&] {
      while (!channel.error()) (void)channel.buffered_bytes();
    });
    producer.join();
    consumer.join();
    watcher.join();
    REQUIRE(channel.error().has_value());
    // The consumer's abort is what ends the producer's loop, so it always comes first.
    CHECK(channel.error()->why == "from the consumer");
    CHECK(channel.buffered_bytes() == 0);
  }
}
