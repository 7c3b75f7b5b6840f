#include "util/file_lock.hpp"

#include "util/fs.hpp"
#include "util/signals.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace fk::util {

FileLock::FileLock(FileLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }

FileLock::~FileLock() {
  if (m_fd >= 0) {
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
  }
}

Result<FileLock> FileLock::acquire(const std::filesystem::path& path, const std::string& owner_info,
                                   std::chrono::milliseconds wait) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot open the lock file " + path.string(), errno, path.parent_path());
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    if (saved != EWOULDBLOCK && saved != EINTR) {
      ::close(fd);
      return io_error("cannot lock " + path.string(), saved, path.parent_path());
    }
    if (std::chrono::steady_clock::now() >= deadline || stop_requested()) {
      char holder[512] = {0};
      const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
      ::close(fd);
      std::string who = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : std::string("unknown");
      while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
      return make_error(ErrorKind::lock_held, "another fetch-kaggle run holds " + path.string(),
                        "held by " + who,
                        "wait for it to finish, or pass --lock-timeout to wait; a killed run's lock frees itself");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Record the holder for the next contender's message; the lock itself is the flock.
  if (::ftruncate(fd, 0) == 0) {
    const std::string line = owner_info + "\n";
    [[maybe_unused]] const ssize_t written = ::pwrite(fd, line.data(), line.size(), 0);
  }
  return FileLock(fd);
}

} // namespace fk::util
