#include "util/atomic_file.hpp"
#include "util/fault_points.hpp"

#include "util/fs.hpp"
#include "util/hash.hpp"

#include <cerrno>
#include <fcntl.h>
#include <random>
#include <signal.h>
#include <unistd.h>

namespace fk::util {

namespace fs = std::filesystem;

namespace {

std::string random_suffix() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  auto value = engine();
  for (int i = 0; i < 8; ++i) {
    out += digits[value & 0xF];
    value >>= 4;
  }
  return out;
}

} // namespace

AtomicFile::AtomicFile(fs::path target, fs::path temp, int fd)
    : m_target(std::move(target)), m_temp(std::move(temp)), m_fd(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_target(std::move(other.m_target)), m_temp(std::move(other.m_temp)), m_fd(other.m_fd),
      m_committed(other.m_committed) {
  other.m_fd = -1;
  other.m_committed = true; // the moved-from object owns nothing to clean up
}

Result<AtomicFile> AtomicFile::create(const fs::path& target, mode_t mode) {
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string name = target.filename().string();
  const fs::path temp = dir / ("." + name + ".tmp-" + std::to_string(::getpid()) + "-" + random_suffix());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create a file in " + dir.string(), errno, dir);
  return AtomicFile(target, temp, fd);
}

AtomicFile::~AtomicFile() {
  if (m_fd >= 0) ::close(m_fd);
  if (!m_committed && !m_temp.empty()) ::unlink(m_temp.c_str());
}

Status AtomicFile::write(std::string_view bytes) {
  fault_point("atomic file: write");
  while (!bytes.empty()) {
    const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write " + m_target.string(), errno, m_target.parent_path());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Ok{};
}

Status AtomicFile::commit() {
  fault_point("atomic file: before fsync");
  if (::fsync(m_fd) != 0) return io_error("cannot fsync " + m_target.string(), errno, m_target.parent_path());
  if (::close(m_fd) != 0) {
    m_fd = -1;
    return io_error("cannot close " + m_target.string(), errno, m_target.parent_path());
  }
  m_fd = -1;
  fault_point("atomic file: before rename");
  if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
    return io_error("cannot rename into " + m_target.string(), errno, m_target.parent_path());
  }
  m_committed = true;
  fault_point("atomic file: after rename");
  return fsync_dir(m_target.parent_path().empty() ? fs::path(".") : m_target.parent_path());
}

Status write_file_atomic(const fs::path& target, std::string_view content, mode_t mode) {
  auto file = AtomicFile::create(target, mode);
  if (!file) return file.error();
  if (auto s = file->write(content); !s) return s;
  return file->commit();
}

Status fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open folder " + dir.string(), errno, dir);
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  // Some filesystems refuse fsync on folders (EINVAL); the rename is still done.
  if (rc != 0 && saved != EINVAL) return io_error("cannot fsync folder " + dir.string(), saved, dir);
  return Ok{};
}

bool is_atomic_temporary_name(std::string_view name) {
  return name.size() > 1 && name.front() == '.' && name.find(".tmp-") != std::string_view::npos;
}

std::size_t remove_stale_temporaries(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!is_atomic_temporary_name(name)) continue;
    // ".<name>.tmp-<pid>-<random>": keep it while its writer is alive.
    const std::size_t at = name.rfind(".tmp-");
    const std::string rest = name.substr(at + 5);
    const std::size_t dash = rest.find('-');
    const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
    if (pid > 0 && pid != ::getpid() && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;
    std::error_code remove_ec;
    if (fs::remove(entry.path(), remove_ec)) ++removed;
  }
  return removed;
}

Result<std::string> copy_file_sha256(const std::filesystem::path& source, const std::filesystem::path& target) {
  auto file = AtomicFile::create(target);
  if (!file) return file.error();
  auto digest = sha256_file(source, [&](std::string_view block) { return file->write(block); });
  if (!digest) return digest.error();
  if (Status committed = file->commit(); !committed) return committed.error();
  return digest;
}

} // namespace fk::util
