#pragma once

#include "archive/gzip_blocks.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct archive; // libarchive's handle (archive.h)

namespace fk::archive {

// How a tar stream is compressed.
enum class Compression {
  gzip, // block-parallel gzip members (ParallelGzip): a standard .tar.gz
  zstd, // libarchive's zstd filter with its worker threads: a standard .tar.zst
};

// Choose the compression of a tar stream.
struct TarWriteOptions {
  Compression compression = Compression::gzip;
  int level = 5;        // gzip: 1-12 (libdeflate), zstd: 1-19
  unsigned threads = 0; // 0: one per core
};

// Say what one member of an archive holds: a folder, or a file with its size and SHA-256.
struct MemberDigest {
  std::string name; // relative, '/'-separated; folders end without '/'
  bool folder = false;
  std::uint64_t bytes = 0;
  std::string sha256;      // lower-case hex; empty for a folder, or when not asked for
  std::uint32_t crc32 = 0; // CRC-32 (gzip's) of the bytes; 0 for a folder
};

// Write a POSIX tar stream (pax where needed) with libarchive into a ByteSink, compressed.
//
// Members get relative names, owner 0:0 without user or group names, mode 0755 (folders) or
// 0644 (files) and the source's modification time, whatever the source's owner and modes are.
class TarWriter {
public:
  // Start an archive that writes its compressed bytes to `sink`.
  static util::Result<std::unique_ptr<TarWriter>> open(ByteSink sink, const TarWriteOptions& options);
  ~TarWriter();
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;
  TarWriter(TarWriter&&) = delete;
  TarWriter& operator=(TarWriter&&) = delete;

  // Add a folder member `name` with modification time `mtime` (seconds since the epoch).
  util::Status add_folder(std::string_view name, std::int64_t mtime);

  // Add the regular file at `source` as member `name`, hashing the bytes that go in.
  util::Result<MemberDigest> add_file(std::string_view name, const std::filesystem::path& source);

  // Write the end of the archive and flush; return the compressed bytes given to the sink.
  util::Result<std::uint64_t> finish();

  // Return the number of compression threads in use.
  [[nodiscard]] unsigned threads() const noexcept { return m_threads; }

private:
  TarWriter() = default;
  util::Error archive_error(const std::string& what) const;
  static long write_callback(::archive* handle, void* client, const void* buffer, std::size_t length);

  ::archive* m_handle = nullptr;
  ByteSink m_sink;
  std::unique_ptr<ParallelGzip> m_gzip;
  std::optional<util::Error> m_sink_error;
  std::uint64_t m_direct_bytes = 0;
  unsigned m_threads = 1;
  bool m_finished = false;
  bool m_abandoned = false; // being destroyed unfinished: the write callback discards what comes
};

} // namespace fk::archive
