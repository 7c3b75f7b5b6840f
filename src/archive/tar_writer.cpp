#include "archive/tar_writer.hpp"

#include "archive/output.hpp"
#include "archive/utf8_locale.hpp"
#include "util/fault_points.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <fcntl.h>
#include <isa-l/crc.h>
#include <unistd.h>

namespace fk::archive {

namespace {

constexpr std::size_t k_read_block = 1U << 20U;

struct EntryFree {
  void operator()(struct archive_entry* entry) const noexcept { archive_entry_free(entry); }
};
using EntryPtr = std::unique_ptr<struct archive_entry, EntryFree>;

EntryPtr new_entry(std::string_view name, unsigned int type, int permissions, std::int64_t mtime, std::int64_t size) {
  EntryPtr entry(archive_entry_new());
  if (!entry) return entry;
  archive_entry_copy_pathname(entry.get(), std::string(name).c_str());
  archive_entry_set_filetype(entry.get(), type);
  archive_entry_set_perm(entry.get(), static_cast<mode_t>(permissions));
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  archive_entry_set_mtime(entry.get(), static_cast<time_t>(mtime), 0);
  archive_entry_set_size(entry.get(), size);
  return entry;
}

} // namespace

long TarWriter::write_callback(::archive* /*handle*/, void* client, const void* buffer, std::size_t length) {
  auto& writer = *static_cast<TarWriter*>(client);
  if (writer.m_abandoned) return static_cast<long>(length); // the trailer of an abandoned archive goes nowhere
  const std::string_view bytes(static_cast<const char*>(buffer), length);
  util::Status status = writer.m_gzip ? writer.m_gzip->write(bytes) : writer.m_sink(bytes);
  if (!status) {
    writer.m_sink_error = status.error();
    return -1;
  }
  if (!writer.m_gzip) writer.m_direct_bytes += length;
  return static_cast<long>(length);
}

util::Result<std::unique_ptr<TarWriter>> TarWriter::open(ByteSink sink, const TarWriteOptions& options) {
  std::unique_ptr<TarWriter> writer(new TarWriter());
  writer->m_sink = std::move(sink);
  writer->m_threads = resolve_threads(options.threads);
  writer->m_handle = archive_write_new();
  if (writer->m_handle == nullptr)
    return util::make_error(util::ErrorKind::internal, "cannot start libarchive", "out of memory");
  ::archive* handle = writer->m_handle;
  archive_write_set_format_pax_restricted(handle); // ustar headers; pax records only for long names or big files
  if (options.compression == Compression::gzip) {
    archive_write_add_filter_none(handle);
    writer->m_gzip = std::make_unique<ParallelGzip>(writer->m_sink, options.level, writer->m_threads);
  } else {
    if (archive_write_add_filter_zstd(handle) != ARCHIVE_OK) return writer->archive_error("cannot use zstd");
    const std::string level = std::to_string(options.level);
    if (archive_write_set_filter_option(handle, "zstd", "compression-level", level.c_str()) != ARCHIVE_OK) {
      return writer->archive_error("cannot set the zstd level to " + level);
    }
    const std::string threads = std::to_string(writer->m_threads);
    if (archive_write_set_filter_option(handle, "zstd", "threads", threads.c_str()) != ARCHIVE_OK) {
      writer->m_threads = 1; // a libarchive built without zstd threads: still a valid, slower archive
    }
  }
  // Pass the stream on in 64 KiB pieces and do not pad the last one: the compressor sees the tar as is.
  archive_write_set_bytes_per_block(handle, 64 * 1024);
  archive_write_set_bytes_in_last_block(handle, 1);
  if (archive_write_open(handle, writer.get(), nullptr, &TarWriter::write_callback, nullptr) != ARCHIVE_OK) {
    return writer->archive_error("cannot start the archive");
  }
  return writer;
}

TarWriter::~TarWriter() {
  if (m_handle != nullptr) {
    // An abandoned archive is closed with its output discarded: archive_write_fail() would skip the
    // close and leak libarchive's 64 KiB block buffer (libarchive 3.6).
    if (!m_finished) {
      m_abandoned = true;
      archive_write_close(m_handle);
    }
    archive_write_free(m_handle);
  }
}

util::Error TarWriter::archive_error(const std::string& what) const {
  if (m_sink_error) return *m_sink_error;
  const char* text = m_handle != nullptr ? archive_error_string(m_handle) : nullptr;
  return util::make_error(util::ErrorKind::internal, what, text != nullptr ? text : "libarchive failed");
}

util::Status TarWriter::add_folder(std::string_view name, std::int64_t mtime) {
  const Utf8ThreadLocale utf8_locale;
  EntryPtr entry = new_entry(name, AE_IFDIR, 0755, mtime, 0);
  if (!entry) return util::make_error(util::ErrorKind::internal, "cannot start an archive entry", "out of memory");
  if (archive_write_header(m_handle, entry.get()) < ARCHIVE_WARN)
    return archive_error("cannot add folder " + std::string(name));
  return util::Ok{};
}

util::Result<MemberDigest> TarWriter::add_file(std::string_view name, const std::filesystem::path& source) {
  const Utf8ThreadLocale utf8_locale;
  UniqueFd fd(::open(source.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) return util::io_error("cannot open " + source.string(), errno, source);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return util::io_error("cannot stat " + source.string(), errno, source);
  if (!S_ISREG(info.st_mode)) {
    return util::make_error(util::ErrorKind::validation, "cannot archive " + source.string(), "not a regular file",
                            "remove it from the day folder or replace it with a regular file");
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  EntryPtr entry = new_entry(name, AE_IFREG, 0644, info.st_mtim.tv_sec, info.st_size);
  if (!entry) return util::make_error(util::ErrorKind::internal, "cannot start an archive entry", "out of memory");
  if (archive_write_header(m_handle, entry.get()) < ARCHIVE_WARN) return archive_error("cannot add " + source.string());
  util::Hasher hasher(util::Hasher::Algorithm::sha256);
  std::string buffer(k_read_block, '\0');
  std::uint64_t total = 0;
  std::uint32_t crc = 0;
  while (true) {
    util::fault_point("archive: read a block");
    if (util::stop_requested()) return interrupted_error("cannot finish archiving " + source.string());
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return util::io_error("cannot read " + source.string(), errno, source);
    }
    if (n == 0) break;
    const auto got = static_cast<std::size_t>(n);
    if (total + got > size) break; // grew while being read: reported below
    hasher.update(buffer.data(), got);
    crc = crc32_gzip_refl(crc, reinterpret_cast<const unsigned char*>(buffer.data()), got);
    if (archive_write_data(m_handle, buffer.data(), got) < 0) return archive_error("cannot archive " + source.string());
    total += got;
  }
  if (total != size) {
    return util::make_error(util::ErrorKind::temporary, "cannot archive " + source.string(),
                            "the file changed size while it was read",
                            "run archive again once nothing writes to the day");
  }
  return MemberDigest{std::string(name), false, size, hasher.finish_hex(), crc};
}

util::Result<std::uint64_t> TarWriter::finish() {
  if (archive_write_close(m_handle) != ARCHIVE_OK) return archive_error("cannot finish the archive");
  m_finished = true;
  if (!m_gzip) return m_direct_bytes;
  return m_gzip->finish();
}

} // namespace fk::archive
