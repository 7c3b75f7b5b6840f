#include "archive/gzip_blocks.hpp"

#include <libdeflate.h>

#include <memory>
#include <exception>

namespace fk::archive {

namespace {

struct CompressorFree {
  void operator()(libdeflate_compressor* compressor) const noexcept { libdeflate_free_compressor(compressor); }
};
using CompressorPtr = std::unique_ptr<libdeflate_compressor, CompressorFree>;

util::Error compress_error(std::string why) {
  return util::make_error(util::ErrorKind::internal, "cannot compress the archive", std::move(why));
}

// One compressor per worker thread: libdeflate compressors must not be shared between threads.
// Failures come back as values: an exception object handed to another thread through a future is
// freed by whichever thread drops it last, which ThreadSanitizer cannot follow into libstdc++.
util::Result<std::string> compress_block(const std::string& input, int level) {
  thread_local CompressorPtr compressor;
  thread_local int compressor_level = -1;
  if (!compressor || compressor_level != level) {
    compressor.reset(libdeflate_alloc_compressor(level));
    compressor_level = level;
    if (!compressor) return compress_error("libdeflate cannot allocate a compressor at level " + std::to_string(level));
  }
  std::string output(libdeflate_gzip_compress_bound(compressor.get(), input.size()), '\0');
  const std::size_t size =
      libdeflate_gzip_compress(compressor.get(), input.data(), input.size(), output.data(), output.size());
  if (size == 0) return compress_error("libdeflate: the compressed block did not fit its bound");
  output.resize(size);
  return output;
}

} // namespace

unsigned resolve_threads(unsigned requested) noexcept {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

ParallelGzip::ParallelGzip(ByteSink sink, int level, unsigned threads, std::size_t block_bytes)
    : m_sink(std::move(sink)), m_level(level), m_block_bytes(block_bytes) {
  m_block.reserve(m_block_bytes);
  const unsigned count = resolve_threads(threads);
  for (unsigned i = 0; i < count; ++i) m_workers.emplace_back([this] { work(); });
}

ParallelGzip::~ParallelGzip() {
  {
    const std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  for (std::thread& worker : m_workers) worker.join();
}

void ParallelGzip::work() {
  while (true) {
    std::packaged_task<util::Result<std::string>()> job;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
      if (m_jobs.empty()) return; // stopping and nothing left
      job = std::move(m_jobs.front());
      m_jobs.pop_front();
    }
    job();
  }
}

void ParallelGzip::submit_block() {
  std::packaged_task<util::Result<std::string>()> job([input = std::move(m_block), level = m_level]() -> util::Result<std::string> {
    try {
      return compress_block(input, level);
    } catch (const std::exception& error) { // std::bad_alloc: thrown and freed on this thread
      return compress_error(error.what());
    }
  });
  m_pending.push_back(job.get_future());
  {
    const std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(job));
  }
  m_wake.notify_one();
  m_block = std::string();
  m_block.reserve(m_block_bytes);
}

util::Status ParallelGzip::write_ready(std::size_t keep_pending) {
  while (m_pending.size() > keep_pending) {
    util::Result<std::string> member = m_pending.front().get();
    m_pending.pop_front();
    if (!member) return member.error();
    if (auto status = m_sink(*member); !status) return status;
    m_written += member->size();
  }
  return util::Ok{};
}

util::Status ParallelGzip::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t take = std::min(bytes.size(), m_block_bytes - m_block.size());
    m_block.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (m_block.size() < m_block_bytes) break;
    submit_block();
    // Two blocks in flight per worker keep every core busy while memory stays bounded.
    if (auto status = write_ready(2 * m_workers.size()); !status) return status;
  }
  return util::Ok{};
}

util::Result<std::uint64_t> ParallelGzip::finish() {
  if (!m_block.empty() || (m_written == 0 && m_pending.empty())) submit_block(); // an empty stream: one empty member
  if (auto status = write_ready(0); !status) return status.error();
  return m_written;
}

} // namespace fk::archive
