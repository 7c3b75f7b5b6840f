#pragma once

#include "util/error.hpp"
#include "util/hash.hpp"

#include <cstdint>
#include <filesystem>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fk::archive {

// Own a file descriptor and close it when dropped.
class UniqueFd {
public:
  UniqueFd() = default;
  // Take ownership of `fd` (-1 for none).
  explicit UniqueFd(int fd) noexcept : m_fd(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept;
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  // Return the descriptor (-1 when none is held).
  [[nodiscard]] int get() const noexcept { return m_fd; }

  // Close the descriptor now and report a failed close (NFS, quota) as an errno value, 0 if none.
  int close() noexcept;

private:
  int m_fd = -1;
};

class WriteBehind;

// Write one output file in large blocks while computing its SHA-256.
class FileWriter {
public:
  // Write to the open descriptor `fd`; `path` names the file in errors. With `behind`, the blocks
  // are written, synced and closed on its thread, and its failures surface in later calls.
  FileWriter(UniqueFd fd, std::filesystem::path path, WriteBehind* behind = nullptr);

  // Hash `bytes` and write them; small blocks are gathered into large writes.
  util::Status append(std::string_view bytes);

  // Flush, fsync when `sync`, close, and return the lower-case hex SHA-256 of everything appended.
  // With a WriteBehind: queue the flush, fsync and close and return an empty string; its finish()
  // reports their failure and its digest(behind_id()) is the SHA-256.
  util::Result<std::string> finish(bool sync);

  // Return this file's id in the WriteBehind it was given (0 without one).
  [[nodiscard]] std::size_t behind_id() const noexcept { return m_behind_id; }

  // Return the number of bytes appended so far.
  [[nodiscard]] std::uint64_t bytes() const noexcept { return m_bytes; }

private:
  util::Status flush();
  util::Status write_all(std::string_view bytes);

  UniqueFd m_fd;
  std::filesystem::path m_path;
  util::Hasher m_hasher{util::Hasher::Algorithm::sha256};
  WriteBehind* m_behind = nullptr;
  std::size_t m_behind_id = 0;
  std::string m_buffer;
  std::uint64_t m_bytes = 0;
};

// Return the Error for a stop request (SIGINT or SIGTERM) that ended `what`.
util::Error interrupted_error(std::string what);

// Create an output file at `path` (mode 0644, O_EXCL, never through a symbolic link), first
// removing a regular file already there; `replaced` is set when one was removed.
util::Result<UniqueFd> create_output_file(const std::filesystem::path& path, bool& replaced);

// Create folders and files below one root folder without ever following a symbolic link.
class Destination {
public:
  // Create `root` if needed and open it.
  static util::Result<Destination> open(const std::filesystem::path& root);

  // Create the folders `components` (a relative path split at '/') below the root, mode 0755.
  util::Status make_folders(std::span<const std::string> components);

  // Create the file `components` (its folders too) with mode 0644 and O_EXCL, first removing a
  // regular file of that name (`replaced` is set then); a folder or anything else there is an error.
  util::Result<UniqueFd> create_file(std::span<const std::string> components, bool& replaced);

  // fsync every folder that files or folders were created in, so that the entries survive a crash.
  util::Status sync_folders();

  // Return the root folder.
  [[nodiscard]] const std::filesystem::path& root() const noexcept { return m_root_path; }

private:
  Destination(std::filesystem::path root_path, UniqueFd root);
  util::Result<int> open_folder(std::span<const std::string> components, bool create);
  [[nodiscard]] std::filesystem::path full_path(std::span<const std::string> components) const;

  std::filesystem::path m_root_path;
  UniqueFd m_root;
  std::string m_cached_key; // relative path of the folder held in m_cached_fd
  UniqueFd m_cached_fd;
  std::set<std::string> m_used_folders;
};

} // namespace fk::archive
