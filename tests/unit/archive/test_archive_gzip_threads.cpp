// ParallelGzip driven hard: many small blocks on several threads, failures with blocks in flight,
// and two compressors at once. Run under ThreadSanitizer by scripts/test.sh (docs/testing.md).
#include "archive/gzip_blocks.hpp"
#include "unit/archive/gunzip.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace fk;
using fk::archive::testing::gunzip;

namespace {

// Return `size` bytes that compress but differ from block to block (xorshift text).
std::string varied_text(std::size_t size, std::uint64_t seed) {
  std::string text;
  std::uint64_t x = seed;
  while (text.size() < size) {
    x ^= x << 13U;
    x ^= x >> 7U;
    x ^= x << 17U;
    text += std::to_string(x % 1000003) + (x % 3 == 0 ? ",north," : ",south,") + std::to_string(x % 89) + "\n";
  }
  text.resize(size);
  return text;
}

// Compress `input` on `threads` threads in blocks of `block_bytes`, fed in pieces of varying size.
// No Catch2 assertions in here: some cases call it on their own threads, and Catch2 is not thread-safe.
std::string compress(const std::string& input, unsigned threads, std::size_t block_bytes, int level = 6) {
  std::string output;
  archive::ParallelGzip gzip([&](std::string_view bytes) { output.append(bytes); return util::Status(util::Ok{}); },
                             level, threads, block_bytes);
  if (gzip.threads() != threads) throw std::runtime_error("wrong number of worker threads");
  std::size_t at = 0;
  for (std::size_t piece = 1; at < input.size(); piece = piece * 7 % 5003 + 1) {
    const std::size_t take = std::min(piece, input.size() - at);
    if (!gzip.write(std::string_view(input).substr(at, take))) throw std::runtime_error("write failed");
    at += take;
  }
  auto written = gzip.finish();
  if (!written) throw std::runtime_error(written.error().message());
  if (*written != output.size()) throw std::runtime_error("finish() miscounted the bytes written");
  return output;
}

} // namespace

TEST_CASE("parallel gzip on 4 threads with many small blocks is byte-identical to one thread") {
  const std::string input = varied_text(1'500'000, 88172645463325252ULL);
  // 1,465 blocks of 1 KiB: the queue, the in-flight window (2 per worker) and the in-order
  // write-out are crossed over a thousand times.
  const std::string single = compress(input, 1, 1024);
  const std::string four = compress(input, 4, 1024);
  CHECK(four.size() == single.size());
  CHECK(four == single); // members are independent: the thread count must not change a byte
  CHECK(gunzip(four) == input);
  // More threads than blocks in flight and than cores: still identical.
  CHECK(compress(input, 8, 4096) == compress(input, 1, 4096));
}

TEST_CASE("two parallel gzip streams compressed at once on different threads do not mix") {
  const std::string first = varied_text(400'000, 1);
  const std::string second = varied_text(400'000, 2);
  std::string first_out;
  std::string second_out;
  // Different levels: each worker keeps a thread_local compressor for its level.
  std::string failures;
  std::mutex failures_mutex;
  const auto run = [&](const std::string& input, std::string& out, int level) {
    try {
      out = compress(input, 4, 2048, level);
    } catch (const std::exception& error) {
      const std::lock_guard lock(failures_mutex);
      failures += error.what();
    }
  };
  std::thread a([&] { run(first, first_out, 1); });
  std::thread b([&] { run(second, second_out, 9); });
  a.join();
  b.join();
  REQUIRE(failures.empty());
  CHECK(gunzip(first_out) == first);
  CHECK(gunzip(second_out) == second);
  CHECK(first_out == compress(first, 1, 2048, 1));
  CHECK(second_out == compress(second, 1, 2048, 9));
}

TEST_CASE("a sink failure with blocks in flight stops parallel gzip and its workers shut down") {
  const std::string input = varied_text(600'000, 3);
  for (int round = 0; round < 20; ++round) {
    int accepted = 0;
    const int accept = round; // fail after `round` members: at the first, in the middle, ...
    std::optional<util::Status> failure;
    {
      archive::ParallelGzip gzip([&](std::string_view) -> util::Status {
        if (accepted == accept) return util::make_error(util::ErrorKind::no_space, "cannot write", "No space left on device");
        ++accepted;
        return util::Ok{};
      }, 1, 4, 512);
      for (std::size_t at = 0; at < input.size() && !failure; at += 3000) {
        util::Status status = gzip.write(std::string_view(input).substr(at, 3000));
        if (!status) failure = status;
      }
      if (!failure) {
        auto finished = gzip.finish();
        REQUIRE_FALSE(finished.ok());
        failure = util::Status(finished.error());
      }
    } // the destructor joins workers that may still hold queued blocks
    REQUIRE(failure.has_value());
    CHECK(failure->error().kind == util::ErrorKind::no_space);
    CHECK(accepted == accept);
  }
}

TEST_CASE("a compression error on a worker thread reaches the writer as an internal error") {
  // libdeflate has no level 13: every worker fails to allocate its compressor and throws; the
  // exception travels through the block's future to the thread that writes members out.
  archive::ParallelGzip gzip([](std::string_view) { return util::Status(util::Ok{}); }, 13, 4, 256);
  util::Status status = util::Ok{};
  const std::string input = varied_text(20'000, 4);
  for (std::size_t at = 0; at < input.size() && status.ok(); at += 1000) status = gzip.write(std::string_view(input).substr(at, 1000));
  if (status.ok()) {
    auto finished = gzip.finish();
    REQUIRE_FALSE(finished.ok());
    status = util::Status(finished.error());
  }
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == util::ErrorKind::internal);
  CHECK(status.error().why.find("level 13") != std::string::npos);
}
