#pragma once

#include "util/error.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fk::archive {

// Take the next piece of an output stream (the archive file being written).
using ByteSink = std::function<util::Status(std::string_view)>;

// Bytes of input compressed as one gzip member: large enough that independent blocks cost
// under 0.1% of ratio, small enough that every core gets work on a day of a few hundred MiB.
inline constexpr std::size_t k_gzip_block_bytes = 4U << 20U;

// Compress a stream on several threads into a standard gzip file (libdeflate).
//
// The input is cut into blocks that are compressed independently, each into a complete gzip
// member; members are written to the sink in input order. Concatenated members are one valid
// gzip file (RFC 1952), so `gzip -t`, `gzip -d` and `tar -xzf` read the result as usual.
class ParallelGzip {
public:
  // Compress at libdeflate `level` (1-12) on `threads` threads (0: one per core) into `sink`.
  ParallelGzip(ByteSink sink, int level, unsigned threads, std::size_t block_bytes = k_gzip_block_bytes);
  ~ParallelGzip();
  ParallelGzip(const ParallelGzip&) = delete;
  ParallelGzip& operator=(const ParallelGzip&) = delete;
  ParallelGzip(ParallelGzip&&) = delete;
  ParallelGzip& operator=(ParallelGzip&&) = delete;

  // Add `bytes` to the stream; full blocks go to the workers, finished ones to the sink.
  util::Status write(std::string_view bytes);

  // Compress what is left, write every member and return the number of bytes given to the sink.
  util::Result<std::uint64_t> finish();

  // Return the number of worker threads.
  [[nodiscard]] unsigned threads() const noexcept { return static_cast<unsigned>(m_workers.size()); }

private:
  void submit_block();
  util::Status write_ready(std::size_t keep_pending);
  void work();

  ByteSink m_sink;
  int m_level;
  std::size_t m_block_bytes;
  std::string m_block;
  std::deque<std::future<util::Result<std::string>>> m_pending; // in input order
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::packaged_task<util::Result<std::string>()>> m_jobs;
  bool m_stopping = false;
  std::vector<std::thread> m_workers;
  std::uint64_t m_written = 0;
};

// Return the number of threads to use when the caller asks for `requested` (0: one per core).
unsigned resolve_threads(unsigned requested) noexcept;

} // namespace fk::archive
