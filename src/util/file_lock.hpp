#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "util/error.hpp"

namespace fk::util {

// Hold an exclusive flock(2) on a file; the kernel drops it when the process dies, even by kill -9.
class FileLock {
public:
  // Try to lock `path` (created if missing), waiting up to `wait`; on success write `owner_info` into it.
  // A lock held elsewhere gives ErrorKind::lock_held naming the holder recorded in the file.
  static Result<FileLock> acquire(const std::filesystem::path& path, const std::string& owner_info,
                                  std::chrono::milliseconds wait = std::chrono::milliseconds(0));

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  // Release the lock.
  ~FileLock();

private:
  explicit FileLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

} // namespace fk::util
