#pragma once

#include "archive/output.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fk::archive {

// Hash (SHA-256), write, fsync and close output files on a thread of their own, so that the thread
// producing the bytes (inflating, counting records) never waits for the hash, the page cache or the disk.
//
// Blocks are written in the order they were queued. The first failure (a write, fsync or close
// error, a full disk) is latched: every later call returns it and nothing more is written. The
// destructor drops what is still queued and joins the thread; call finish() to wait for it all.
class WriteBehind {
public:
  // Name one file owned by the writer thread.
  using FileId = std::size_t;

  // Start the writer thread; queue() blocks while more than `max_queued_bytes` wait.
  explicit WriteBehind(std::size_t max_queued_bytes = std::size_t{16} << 20U);
  ~WriteBehind();
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;
  WriteBehind(WriteBehind&&) = delete;
  WriteBehind& operator=(WriteBehind&&) = delete;

  // Hand the open file `fd` (named `path` in errors) to the writer thread.
  FileId adopt(UniqueFd fd, std::filesystem::path path);

  // Queue `block` to be hashed and appended to `file`; return the latched failure, if any.
  util::Status queue(FileId file, std::string block);

  // Queue the end of `file`: with `sync`, start its write-back now and fsync it later (by finish(),
  // or once 64 files wait), otherwise close it; return the latched failure, if any.
  util::Status close(FileId file, bool sync);

  // Return an empty buffer to fill with the next block: one already written (its memory reused), or a new one.
  std::string spare_buffer();

  // Wait until everything queued was written, fsynced and closed; return the first failure.
  util::Status finish();

  // Return the lower-case hex SHA-256 of everything queued for `file` (call after finish()).
  [[nodiscard]] std::string digest(FileId file);

private:
  struct Task {
    FileId file = 0;
    std::string block; // empty for the end of a file
    bool end = false;
    bool sync = false;
    bool sync_all = false; // fsync and close every file still waiting (finish())
  };
  struct File {
    UniqueFd fd;
    std::filesystem::path path;
    util::Hasher hasher{util::Hasher::Algorithm::sha256};
    std::string digest; // set when the file was closed
  };

  void run();
  util::Status perform(Task& task, File* file);
  util::Status end_file(Task& task, File& file);
  util::Status sync_oldest();
  util::Status push(Task task);

  const std::size_t m_max_queued;
  std::mutex m_mutex;
  std::condition_variable m_can_queue;
  std::condition_variable m_can_run;
  std::condition_variable m_idle;
  std::deque<Task> m_tasks;
  std::vector<std::unique_ptr<File>> m_files;
  std::vector<std::string> m_spares; // written blocks, cleared, kept for their memory
  std::deque<File*> m_unsynced;      // closed files whose write-back runs, fsync still due (writer thread only;
                                     // pointers, since adopt() may grow m_files meanwhile)
  std::size_t m_queued_bytes = 0;
  bool m_busy = false;
  bool m_stopping = false;
  std::optional<util::Error> m_failure;
  std::thread m_thread;
};

} // namespace fk::archive
