#pragma once

#include "archive/output.hpp"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace fk::archive {

// Read a chunk of an archive's bytes into `buffer` (at most `size`); return the count, 0 at the
// end, or -1 on failure with the reason in `error`.
using ReadFn = std::function<long(char* buffer, std::size_t size, std::string& error)>;

// Let one thread read a file, through its own descriptor, while another thread still appends to it.
//
// The writer calls grew() after each write and close() once it stops; read() hands out only bytes
// the writer reported, waiting for more, so the reader sees the file as it is on disk (through the
// page cache) and never a torn block. This is how archive verifies a file while writing it.
class FileTail {
public:
  // Read through `fd`, opened on the file being written, from its first byte.
  explicit FileTail(UniqueFd fd) : m_fd(std::move(fd)) {}

  // Record that the writer appended `bytes` more bytes.
  void grew(std::uint64_t bytes);

  // Record that no more bytes come: the end of the file when `complete`, else a failed write.
  void close(bool complete);

  // Read up to `size` bytes into `buffer`, waiting for the writer; return the count, 0 after the
  // last byte of a complete file, -1 when the writer failed or the read did (`error` says why).
  long read(char* buffer, std::size_t size, std::string& error);

private:
  UniqueFd m_fd;
  std::mutex m_mutex;
  std::condition_variable m_grown;
  std::uint64_t m_written = 0; // bytes the writer reported
  std::uint64_t m_read = 0;    // bytes handed out (reader thread only)
  bool m_closed = false;
  bool m_complete = false;
};

} // namespace fk::archive
