#pragma once

#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fk::util {

// Turn an errno from an operation on `where` into an Error whose kind and fix fit the cause
// (EACCES/EPERM/EROFS: permission, ENOSPC/EDQUOT: no_space, ENOENT: not_found).
Error io_error(std::string what, int errno_value, const std::filesystem::path& where);

// Return the bytes available to an unprivileged writer on the filesystem holding `path`.
Result<std::uint64_t> free_bytes(const std::filesystem::path& path);

// Return the total size of regular files below `path` (0 if it does not exist).
std::uint64_t tree_size(const std::filesystem::path& path);

// Remove a folder tree when it goes out of scope (a run's staging folder, on every exit path).
class RemoveOnExit {
public:
  // Remove `dir` (and everything below it) at the end of the scope.
  explicit RemoveOnExit(std::filesystem::path dir) : m_dir(std::move(dir)) {}
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
  ~RemoveOnExit() {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }

private:
  std::filesystem::path m_dir;
};

// Create `dir` and its parents; a permission or read-only error comes back with its fix.
Status create_directories(const std::filesystem::path& dir);

// Read a whole (small) file into a string.
Result<std::string> read_file(const std::filesystem::path& path);

// Read the file at `path` sequentially in large blocks, handing each to `visit` (whose error stops
// the read); a missing file is not_found, a read error integrity.
Status read_blocks(const std::filesystem::path& path, const std::function<Status(std::string_view)>& visit);

// Return the names of the entries directly inside `dir`, sorted; empty if it does not exist.
std::vector<std::string> list_names(const std::filesystem::path& dir);

// Format a byte count for people ("1.5 GiB").
std::string human_bytes(std::uint64_t bytes);

} // namespace fk::util
