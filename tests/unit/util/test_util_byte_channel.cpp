#include "util/byte_channel.hpp"
#include "util/hash.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

using namespace fk::util;
using namespace std::chrono_literals;

TEST_CASE("ByteChannel delivers chunks in order and ends after close") {
  ByteChannel channel(1024);
  REQUIRE(channel.push("ab"));
  REQUIRE(channel.push("")); // empty chunks are dropped, not delivered
  REQUIRE(channel.push("cde"));
  CHECK(channel.buffered_bytes() == 5);
  channel.close();
  CHECK_FALSE(channel.push("late"));
  CHECK(channel.pop() == std::optional<std::string>("ab"));
  CHECK(channel.pop() == std::optional<std::string>("cde"));
  CHECK_FALSE(channel.pop().has_value());
  CHECK_FALSE(channel.pop().has_value());
  CHECK_FALSE(channel.error().has_value());
}

TEST_CASE("ByteChannel blocks the producer while full and lets one oversized chunk through") {
  ByteChannel channel(2048);
  std::atomic<int> pushed{0};
  std::thread producer([&] {
    for (int i = 0; i < 3; ++i) {
      if (!channel.push(std::string(1024, 'x'))) return;
      ++pushed;
    }
    (void)channel.push(std::string(10000, 'y')); // larger than the capacity: passes once the channel is empty
    ++pushed;
    channel.close();
  });
  std::this_thread::sleep_for(100ms);
  CHECK(pushed.load() == 2);
  CHECK(channel.buffered_bytes() == 2048);
  std::size_t total = 0;
  while (auto chunk = channel.pop())
    total += chunk->size();
  producer.join();
  CHECK(pushed.load() == 4);
  CHECK(total == 3 * 1024 + 10000);
}

TEST_CASE("ByteChannel abort by the consumer wakes a blocked producer") {
  ByteChannel channel(100);
  std::atomic<bool> push_result{true};
  REQUIRE(channel.push(std::string(100, 'a')));
  std::thread producer([&] { push_result = channel.push(std::string(50, 'b')); });
  std::this_thread::sleep_for(50ms);
  channel.abort(make_error(ErrorKind::validation, "cannot extract x", "zip bomb"));
  producer.join();
  CHECK_FALSE(push_result.load());
  REQUIRE(channel.error().has_value());
  CHECK(channel.error()->why == "zip bomb");
  CHECK_FALSE(channel.pop().has_value()); // buffered chunks are dropped on abort
  channel.abort(make_error(ErrorKind::internal, "second", "ignored"));
  CHECK(channel.error()->why == "zip bomb");
}

TEST_CASE("ByteChannel abort by the producer wakes a blocked consumer") {
  ByteChannel channel;
  std::optional<std::string> popped = std::string("sentinel");
  std::thread consumer([&] { popped = channel.pop(); });
  std::this_thread::sleep_for(50ms);
  channel.abort(make_error(ErrorKind::temporary, "cannot download x", "connection reset"));
  consumer.join();
  CHECK_FALSE(popped.has_value());
  REQUIRE(channel.error().has_value());
  CHECK(channel.error()->kind == ErrorKind::temporary);
}

TEST_CASE("ByteChannel carries a long stream between two threads intact") {
  ByteChannel channel(64 << 10);
  std::string sent;
  std::thread producer([&] {
    std::uint32_t state = 12345;
    for (int i = 0; i < 5000; ++i) {
      state = state * 1103515245U + 12345U;
      std::string chunk(state % 5000U, static_cast<char>('a' + i % 26));
      sent += chunk;
      if (!channel.push(std::move(chunk))) return;
    }
    channel.close();
  });
  Hasher received(Hasher::Algorithm::sha256);
  std::size_t bytes = 0;
  while (auto chunk = channel.pop()) {
    CHECK(channel.buffered_bytes() <= (64U << 10U));
    received.update(*chunk);
    bytes += chunk->size();
  }
  producer.join();
  CHECK(bytes == sent.size());
  CHECK(received.finish_hex() == sha256_hex(sent));
}
