#pragma once

#include "archive/file_tail.hpp"
#include "archive/member_digest.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace fk::archive {

// What reading an archive file back found: the SHA-256 of its bytes as read from the file, and its members.
struct ReadBackResult {
  std::string sha256;
  ArchiveDigest digest;
};

// Read back an archive file while it is being written, on a thread of its own: the verification
// after write (docs/archive.md) then runs on the core the compressor leaves idle instead of after it.
//
// The reader reads the file through its own descriptor, only the bytes the writer reported with
// grew(), so what it checks is what the file holds. Dropping a ReadBack before finish() tells the
// reader the write failed and joins the thread.
class ReadBack {
public:
  // Open `path` (created, perhaps still empty) and start reading it, keeping the members named in `capture`.
  static util::Result<std::unique_ptr<ReadBack>> start(const std::filesystem::path& path,
                                                       std::set<std::string> capture);
  ~ReadBack();
  ReadBack(const ReadBack&) = delete;
  ReadBack& operator=(const ReadBack&) = delete;
  ReadBack(ReadBack&&) = delete;
  ReadBack& operator=(ReadBack&&) = delete;

  // Record that the writer appended `bytes` more bytes to the file.
  void grew(std::uint64_t bytes) { m_tail.grew(bytes); }

  // Tell the reader the file is complete, wait for it, and return what it found.
  util::Result<ReadBackResult> finish();

private:
  ReadBack(UniqueFd fd, std::filesystem::path path, std::set<std::string> capture);

  FileTail m_tail;
  std::filesystem::path m_path;
  std::set<std::string> m_capture;
  std::optional<util::Result<ReadBackResult>> m_result;
  std::thread m_thread;
};

} // namespace fk::archive
