#include "util/fs.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace fk::util {

namespace fs = std::filesystem;

Error io_error(std::string what, int errno_value, const fs::path& where) {
  Error error{ErrorKind::internal, std::move(what), errno_text(errno_value), {}};
  switch (errno_value) {
  case EACCES:
  case EPERM:
    error.kind = ErrorKind::permission;
    error.fix = "make " + where.string() + " writable for uid " + std::to_string(::geteuid()) + " gid " +
                std::to_string(::getegid()) + ": chown " + std::to_string(::geteuid()) + ":" +
                std::to_string(::getegid()) + " " + where.string() +
                ", or on Kubernetes set securityContext.fsGroup to the pod's gid";
    break;
  case EROFS:
    error.kind = ErrorKind::permission;
    error.fix = "the filesystem holding " + where.string() +
                " is read-only: mount the volume read-write (on Kubernetes, check readOnly on the volumeMount)";
    break;
  case ENOSPC:
  case EDQUOT:
    error.kind = ErrorKind::no_space;
    error.fix = "free space on the volume holding " + where.string() + " or make it larger";
    break;
  case ENOENT:
  case ENOTDIR:
    error.kind = ErrorKind::not_found;
    break;
  default:
    break;
  }
  return error;
}

Result<std::uint64_t> free_bytes(const fs::path& path) {
  struct statvfs info {};
  if (::statvfs(path.c_str(), &info) != 0) return io_error("cannot stat filesystem of " + path.string(), errno, path);
  return static_cast<std::uint64_t>(info.f_bavail) * static_cast<std::uint64_t>(info.f_frsize);
}

std::uint64_t tree_size(const fs::path& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code file_ec;
    if (it->is_regular_file(file_ec)) total += it->file_size(file_ec);
  }
  return total;
}

Status create_directories(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    // Name the deepest existing ancestor: that is the folder whose rights need fixing.
    fs::path existing = dir;
    while (!existing.empty() && !fs::exists(existing))
      existing = existing.parent_path();
    return io_error("cannot create " + dir.string(), ec.value(), existing.empty() ? dir : existing);
  }
  return Ok{};
}

Result<std::string> read_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open " + path.string(), errno, path);
  std::string out;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      return io_error("cannot read " + path.string(), saved, path);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::vector<std::string> list_names(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  auto value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 4) {
    value /= 1024.0;
    ++unit;
  }
  char buffer[32];
  if (unit == 0)
    std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
  else
    std::snprintf(buffer, sizeof buffer, "%.1f %s", value, units[unit]);
  return buffer;
}

Status read_blocks(const fs::path& path, const std::function<Status(std::string_view)>& visit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorKind::not_found, "cannot open " + path.string(), errno_text(errno));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::vector<char> buffer(std::size_t{1} << 20);
  Status status = Ok{};
  while (status) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = make_error(ErrorKind::integrity, "cannot read " + path.string(), errno_text(errno));
      break;
    }
    if (n == 0) break;
    status = visit(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
  ::close(fd);
  return status;
}

} // namespace fk::util
