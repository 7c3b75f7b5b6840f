#include "archive/output.hpp"

#include "archive/write_behind.hpp"
#include "util/fault_points.hpp"
#include "util/fs.hpp"
#include "util/signals.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace fk::archive {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t k_write_block = std::size_t{1} << 20U;    // gather writes up to this size
constexpr std::size_t k_direct_write = std::size_t{256} << 10U; // blocks this big skip the gathering
constexpr mode_t k_file_mode = 0644;
constexpr mode_t k_folder_mode = 0755;
constexpr int k_folder_flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
constexpr int k_file_flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;

std::string join(std::span<const std::string> components) {
  std::string out;
  for (const auto& component : components) {
    if (!out.empty()) out += '/';
    out += component;
  }
  return out;
}

util::Error type_clash(const fs::path& path, std::string why) {
  return util::make_error(util::ErrorKind::validation, "cannot create " + path.string(), std::move(why),
                          "the archive names one path both as a file and as a folder, or the destination "
                          "folder held something else already: extract into an empty folder");
}

// Open `name` in `parent` for writing, removing a regular file of that name first.
util::Result<UniqueFd> create_in(int parent, const std::string& name, const fs::path& path, bool& replaced) {
  replaced = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd = ::openat(parent, name.c_str(), k_file_flags, k_file_mode);
    if (fd >= 0) return UniqueFd(fd);
    if (errno != EEXIST) return util::io_error("cannot create " + path.string(), errno, path.parent_path());
    struct stat info {};
    if (::fstatat(parent, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) continue; // vanished: try again
    if (S_ISDIR(info.st_mode)) return type_clash(path, "a folder of that name exists");
    if (!S_ISREG(info.st_mode)) return type_clash(path, "something that is not a regular file exists there");
    if (::unlinkat(parent, name.c_str(), 0) != 0 && errno != ENOENT) {
      return util::io_error("cannot replace " + path.string(), errno, path.parent_path());
    }
    replaced = true;
  }
  return type_clash(path, "a file of that name reappeared while it was being replaced");
}
} // namespace

util::Error interrupted_error(std::string what) {
  return util::make_error(util::ErrorKind::interrupted, std::move(what),
                          util::stop_signal() == SIGINT ? "received SIGINT" : "received SIGTERM",
                          "the next run downloads and extracts it again");
}

UniqueFd::~UniqueFd() {
  close();
}

UniqueFd::UniqueFd(UniqueFd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    close();
    m_fd = std::exchange(other.m_fd, -1);
  }
  return *this;
}

int UniqueFd::close() noexcept {
  if (m_fd < 0) return 0;
  const int result = ::close(std::exchange(m_fd, -1));
  return result == 0 || errno == EINTR ? 0 : errno;
}

FileWriter::FileWriter(UniqueFd fd, fs::path path, WriteBehind* behind)
    : m_fd(std::move(fd)), m_path(std::move(path)), m_behind(behind) {
  if (m_behind != nullptr) m_behind_id = m_behind->adopt(std::move(m_fd), m_path);
}

util::Status FileWriter::append(std::string_view bytes) {
  if (m_behind == nullptr) m_hasher.update(bytes);
  m_bytes += bytes.size();
  if (m_buffer.size() + bytes.size() > k_write_block && !m_buffer.empty()) {
    if (auto status = flush(); !status.ok()) return status;
  }
  if (m_behind == nullptr && m_buffer.empty() && bytes.size() >= k_direct_write) return write_all(bytes);
  if (m_buffer.capacity() < k_write_block) m_buffer.reserve(k_write_block);
  m_buffer.append(bytes);
  return util::Ok{};
}

util::Status FileWriter::flush() {
  if (m_behind != nullptr) {
    std::string block = std::exchange(m_buffer, m_behind->spare_buffer());
    return m_behind->queue(m_behind_id, std::move(block));
  }
  auto status = write_all(m_buffer);
  m_buffer.clear();
  return status;
}

util::Result<std::string> FileWriter::finish(bool sync) {
  if (!m_buffer.empty()) {
    if (auto status = flush(); !status.ok()) return status.error();
  }
  if (m_behind != nullptr) {
    if (auto status = m_behind->close(m_behind_id, sync); !status.ok()) return status.error();
    return std::string();
  }
  if (sync && ::fsync(m_fd.get()) != 0) return util::io_error("cannot fsync " + m_path.string(), errno, m_path);
  if (const int error = m_fd.close(); error != 0)
    return util::io_error("cannot close " + m_path.string(), error, m_path);
  return m_hasher.finish_hex();
}

util::Status FileWriter::write_all(std::string_view bytes) {
  util::fault_point("extract: write");
  while (!bytes.empty()) {
    const ssize_t written = ::write(m_fd.get(), bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return util::io_error("cannot write " + m_path.string(), errno, m_path.parent_path());
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return util::Ok{};
}

util::Result<UniqueFd> create_output_file(const fs::path& path, bool& replaced) {
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (auto status = util::create_directories(parent); !status.ok()) return status.error();
  UniqueFd folder(::open(parent.c_str(), k_folder_flags));
  if (folder.get() < 0) return util::io_error("cannot open folder " + parent.string(), errno, parent);
  return create_in(folder.get(), path.filename().string(), path, replaced);
}

Destination::Destination(fs::path root_path, UniqueFd root)
    : m_root_path(std::move(root_path)), m_root(std::move(root)) {}

util::Result<Destination> Destination::open(const fs::path& root) {
  if (auto status = util::create_directories(root); !status.ok()) return status.error();
  UniqueFd fd(::open(root.c_str(), k_folder_flags));
  if (fd.get() < 0) return util::io_error("cannot open destination folder " + root.string(), errno, root);
  return Destination(root, std::move(fd));
}

util::Status Destination::make_folders(std::span<const std::string> components) {
  auto folder = open_folder(components, true);
  if (!folder.ok()) return folder.error();
  return util::Ok{};
}

util::Result<UniqueFd> Destination::create_file(std::span<const std::string> components, bool& replaced) {
  auto folder = open_folder(components.first(components.size() - 1), true);
  if (!folder.ok()) return folder.error();
  return create_in(*folder, components.back(), full_path(components), replaced);
}

util::Status Destination::sync_folders() {
  if (::fsync(m_root.get()) != 0) return util::io_error("cannot fsync " + m_root_path.string(), errno, m_root_path);
  for (const auto& key : m_used_folders) {
    const fs::path path = m_root_path / key;
    UniqueFd fd(::openat(m_root.get(), key.c_str(), k_folder_flags));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) return util::io_error("cannot fsync " + path.string(), errno, path);
  }
  return util::Ok{};
}

util::Result<int> Destination::open_folder(std::span<const std::string> components, bool create) {
  if (components.empty()) return m_root.get();
  std::string key = join(components);
  if (m_cached_fd.get() >= 0 && key == m_cached_key) return m_cached_fd.get();
  UniqueFd current;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const int parent = i == 0 ? m_root.get() : current.get();
    const char* name = components[i].c_str();
    if (create && ::mkdirat(parent, name, k_folder_mode) != 0 && errno != EEXIST) {
      const fs::path path = full_path(components.first(i + 1));
      return util::io_error("cannot create folder " + path.string(), errno, path.parent_path());
    }
    UniqueFd next(::openat(parent, name, k_folder_flags));
    if (next.get() < 0) {
      const fs::path path = full_path(components.first(i + 1));
      if (errno == ENOTDIR || errno == ELOOP) return type_clash(path, "it exists and is not a folder");
      return util::io_error("cannot open folder " + path.string(), errno, path);
    }
    current = std::move(next);
    m_used_folders.insert(join(components.first(i + 1)));
  }
  m_cached_key = std::move(key);
  m_cached_fd = std::move(current);
  return m_cached_fd.get();
}

fs::path Destination::full_path(std::span<const std::string> components) const {
  return m_root_path / join(components);
}

} // namespace fk::archive
