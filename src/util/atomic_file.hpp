#pragma once

#include "util/error.hpp"

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace fk::util {

// Write a file under a temporary name in the target's folder and publish it with rename.
//
// Readers see either the old content or the complete new one, never a mix. A temporary left
// by a killed process is named ".<name>.tmp-<pid>-<random>" and removed by remove_stale_temporaries.
class AtomicFile {
public:
  // Create the temporary next to `target` with permission bits `mode`.
  static Result<AtomicFile> create(const std::filesystem::path& target, mode_t mode = 0644);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Remove the temporary unless commit() succeeded.
  ~AtomicFile();

  // Append `bytes`; fails with no_space on ENOSPC/EDQUOT.
  Status write(std::string_view bytes);

  // fsync the data, rename over the target and fsync the folder.
  Status commit();

  // Return the temporary's path (for diagnostics).
  [[nodiscard]] const std::filesystem::path& temp_path() const { return m_temp; }

private:
  AtomicFile(std::filesystem::path target, std::filesystem::path temp, int fd);

  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  int m_fd = -1;
  bool m_committed = false;
};

// Replace `target` atomically with `content`.
Status write_file_atomic(const std::filesystem::path& target, std::string_view content, mode_t mode = 0644);

// fsync a folder so that a rename inside it is durable.
Status fsync_dir(const std::filesystem::path& dir);

// Copy `source` to `target` atomically (fsynced, then renamed into place); return the sha256 of
// the bytes copied, computed in the same read.
Result<std::string> copy_file_sha256(const std::filesystem::path& source, const std::filesystem::path& target);

// Return true when `name` is the name of a temporary written by AtomicFile.
bool is_atomic_temporary_name(std::string_view name);

// Delete AtomicFile temporaries directly inside `dir` whose writer process no longer runs; return how many.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

} // namespace fk::util
