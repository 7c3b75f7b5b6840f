#include "archive/file_tail.hpp"

#include <cerrno>
#include <unistd.h>

namespace fk::archive {

void FileTail::grew(std::uint64_t bytes) {
  {
    const std::lock_guard lock(m_mutex);
    m_written += bytes;
  }
  m_grown.notify_one();
}

void FileTail::close(bool complete) {
  {
    const std::lock_guard lock(m_mutex);
    if (m_closed) return;
    m_closed = true;
    m_complete = complete;
  }
  m_grown.notify_one();
}

long FileTail::read(char* buffer, std::size_t size, std::string& error) {
  std::uint64_t available = 0;
  {
    std::unique_lock lock(m_mutex);
    m_grown.wait(lock, [&] { return m_written > m_read || m_closed; });
    available = m_written - m_read;
    if (available == 0) {
      if (m_complete) return 0;
      error = "the archive was not written to its end";
      return -1;
    }
  }
  const std::size_t want = available < size ? static_cast<std::size_t>(available) : size;
  while (true) {
    const ssize_t got = ::pread(m_fd.get(), buffer, want, static_cast<off_t>(m_read));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = "cannot read the archive back: " + util::errno_text(errno);
      return -1;
    }
    if (got == 0) {
      error = "the archive file is shorter than the bytes written to it";
      return -1;
    }
    m_read += static_cast<std::uint64_t>(got);
    return static_cast<long>(got);
  }
}

} // namespace fk::archive
