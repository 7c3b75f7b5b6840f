#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "download/transfer.hpp"
#include "util/error.hpp"

namespace fk::download {

// An append-only file holding the bytes of one object received so far, with its identity beside it.
class PartialFile {
public:
  // Open (creating if needed) the partial of `identity`; a stored identity that does not match
  // means stale bytes, which are dropped.
  static util::Result<PartialFile> open(const std::filesystem::path& partial_dir, const PartialIdentity& identity);

  PartialFile(PartialFile&& other) noexcept;
  PartialFile& operator=(PartialFile&&) = delete;
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;
  ~PartialFile();

  // Return the number of bytes held.
  [[nodiscard]] std::uint64_t size() const { return m_size; }
  // Return the identity recorded with the bytes (size and md5 as learnt so far).
  [[nodiscard]] const PartialIdentity& identity() const { return m_identity; }
  // Record what the server says the object is; written to disk before any byte is appended.
  util::Status set_identity(const PartialIdentity& identity);
  // Drop every byte held (the server restarted from 0, or the bytes turned out stale).
  util::Status truncate();
  // Append `bytes` at the end.
  util::Status append(std::string_view bytes);
  // Read up to `length` bytes at `offset` into `buffer`; return how many were read.
  util::Result<std::size_t> read_at(std::uint64_t offset, char* buffer, std::size_t length) const;
  // Flush appended bytes to disk (called when a run is interrupted, so the next one can resume).
  void sync() const;

private:
  PartialFile(std::filesystem::path path, int fd, std::uint64_t size, PartialIdentity identity);
  std::filesystem::path m_path;
  int m_fd = -1;
  std::uint64_t m_size = 0;
  PartialIdentity m_identity;
};

} // namespace fk::download
