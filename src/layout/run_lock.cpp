#include "layout/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace fk::layout {

util::Result<util::FileLock> acquire_run_lock(const Layout& layout, const std::string& command,
                                              const std::string& run_id, util::TimePoint now,
                                              std::chrono::milliseconds wait) {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  const std::string owner = "pid " + std::to_string(::getpid()) + " on " + host + " (" + command + ", run " +
                            run_id + ", since " + util::format_iso8601(now) + ")";
  return util::FileLock::acquire(layout.lock_file(), owner, wait);
}

std::optional<std::string> current_lock_holder(const Layout& layout) {
  // Read-only probe: a shared non-blocking flock fails only while a writer holds the exclusive lock.
  const int fd = ::open(layout.lock_file().c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> holder;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    char buffer[512] = {0};
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    std::string text = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("unknown");
    while (!text.empty() && text.back() == '\n') text.pop_back();
    holder = text;
  } else {
    ::flock(fd, LOCK_UN);
  }
  ::close(fd);
  return holder;
}

} // namespace fk::layout
