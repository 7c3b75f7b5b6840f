#include "archive/write_behind.hpp"

#include "util/fault_points.hpp"
#include "util/fs.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace fk::archive {

namespace {
constexpr std::size_t k_max_spares = 16;
constexpr std::size_t k_max_unsynced = 64; // files kept open until their fsync
} // namespace

WriteBehind::WriteBehind(std::size_t max_queued_bytes) : m_max_queued(max_queued_bytes) {
  m_thread = std::thread([this] { run(); });
}

WriteBehind::~WriteBehind() {
  {
    const std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_tasks.clear();
  }
  m_can_run.notify_all();
  m_can_queue.notify_all();
  m_thread.join();
}

WriteBehind::FileId WriteBehind::adopt(UniqueFd fd, std::filesystem::path path) {
  auto file = std::make_unique<File>();
  file->fd = std::move(fd);
  file->path = std::move(path);
  const std::lock_guard lock(m_mutex);
  m_files.push_back(std::move(file));
  return m_files.size() - 1;
}

util::Status WriteBehind::queue(FileId file, std::string block) {
  return push(Task{file, std::move(block), false, false});
}

util::Status WriteBehind::close(FileId file, bool sync) {
  return push(Task{file, {}, true, sync});
}

util::Status WriteBehind::push(Task task) {
  std::unique_lock lock(m_mutex);
  m_can_queue.wait(lock, [&] { return m_failure || m_stopping || m_queued_bytes < m_max_queued; });
  if (m_failure) return *m_failure;
  m_queued_bytes += task.block.size();
  m_tasks.push_back(std::move(task));
  lock.unlock();
  m_can_run.notify_one();
  return util::Ok{};
}

std::string WriteBehind::spare_buffer() {
  const std::lock_guard lock(m_mutex);
  if (m_spares.empty()) return {};
  std::string buffer = std::move(m_spares.back());
  m_spares.pop_back();
  return buffer;
}

util::Status WriteBehind::finish() {
  if (auto status = push(Task{0, {}, false, false, true}); !status.ok()) return status;
  std::unique_lock lock(m_mutex);
  m_idle.wait(lock, [&] { return m_failure || (m_tasks.empty() && !m_busy); });
  if (m_failure) return *m_failure;
  return util::Ok{};
}

std::string WriteBehind::digest(FileId file) {
  const std::lock_guard lock(m_mutex);
  return m_files[file]->digest;
}

void WriteBehind::run() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_can_run.wait(lock, [&] { return m_stopping || !m_tasks.empty(); });
    if (m_stopping) return;
    Task task = std::move(m_tasks.front());
    m_tasks.pop_front();
    File* file = task.sync_all ? nullptr : m_files[task.file].get();
    m_busy = true;
    lock.unlock();
    util::Status status = perform(task, file);
    lock.lock();
    m_busy = false;
    m_queued_bytes -= task.block.size();
    if (task.block.capacity() > 0 && m_spares.size() < k_max_spares) {
      task.block.clear();
      m_spares.push_back(std::move(task.block));
    }
    if (!status.ok() && !m_failure) {
      m_failure = status.error();
      m_tasks.clear();
    }
    m_can_queue.notify_all();
    if (m_tasks.empty() || m_failure) m_idle.notify_all();
  }
}

util::Status WriteBehind::perform(Task& task, File* target) {
  if (task.sync_all) {
    while (!m_unsynced.empty()) {
      if (auto status = sync_oldest(); !status.ok()) return status;
    }
    return util::Ok{};
  }
  File& file = *target;
  if (task.end) return end_file(task, file);
  file.hasher.update(task.block);
  util::fault_point("extract: write");
  std::string_view bytes = task.block;
  while (!bytes.empty()) {
    const ssize_t written = ::write(file.fd.get(), bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return util::io_error("cannot write " + file.path.string(), errno, file.path.parent_path());
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return util::Ok{};
}

util::Status WriteBehind::end_file(Task& task, File& file) {
  file.digest = file.hasher.finish_hex();
  if (task.sync) {
    // Start the write-back now and fsync later: waiting for the disk file by file would stall the
    // extraction, while by the time of the fsync most pages are usually on disk already.
    (void)::sync_file_range(file.fd.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
    m_unsynced.push_back(&file);
    return m_unsynced.size() > k_max_unsynced ? sync_oldest() : util::Status(util::Ok{});
  }
  if (const int error = file.fd.close(); error != 0) {
    return util::io_error("cannot close " + file.path.string(), error, file.path);
  }
  return util::Ok{};
}

util::Status WriteBehind::sync_oldest() {
  File& file = *m_unsynced.front();
  m_unsynced.pop_front();
  if (::fsync(file.fd.get()) != 0) return util::io_error("cannot fsync " + file.path.string(), errno, file.path);
  if (const int error = file.fd.close(); error != 0) {
    return util::io_error("cannot close " + file.path.string(), error, file.path);
  }
  return util::Ok{};
}

} // namespace fk::archive
