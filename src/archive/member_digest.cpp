#include "archive/member_digest.hpp"

#include "archive/gzip_source.hpp"
#include "archive/output.hpp"
#include "archive/utf8_locale.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <isa-l/crc.h>
#include <memory>
#include <optional>
#include <unistd.h>
#include <utility>

namespace fk::archive {

namespace {

struct ReaderFree {
  void operator()(struct archive* handle) const noexcept { archive_read_free(handle); }
};
using ReaderPtr = std::unique_ptr<struct archive, ReaderFree>;

constexpr std::size_t k_capture_limit = 256U << 20U;

la_ssize_t read_inflated(struct archive* handle, void* client, const void** buffer) {
  auto& inflater = *static_cast<GzipFileSource*>(client);
  const long size = inflater.next(buffer);
  if (size < 0) archive_set_error(handle, EIO, "%s", inflater.error().c_str());
  return size < 0 ? ARCHIVE_FATAL : static_cast<la_ssize_t>(size);
}

// Hand out an archive's bytes through a ReadFn: first the bytes read ahead to sniff its format.
struct PlainSource {
  ReadFn read;
  std::string buffer;
  std::size_t ahead = 0; // bytes read ahead, handed out by the first call
  std::string error;
};

la_ssize_t read_plain(struct archive* handle, void* client, const void** buffer) {
  auto& source = *static_cast<PlainSource*>(client);
  *buffer = source.buffer.data();
  if (source.ahead > 0) return static_cast<la_ssize_t>(std::exchange(source.ahead, 0));
  const long size = source.read(source.buffer.data(), source.buffer.size(), source.error);
  if (size < 0) archive_set_error(handle, EIO, "%s", source.error.c_str());
  return size < 0 ? ARCHIVE_FATAL : static_cast<la_ssize_t>(size);
}

util::Error read_failure(const std::string& name, std::string why) {
  return util::make_error(util::ErrorKind::integrity, "cannot read archive " + name, std::move(why),
                          "the archive is damaged: archive the day again from raw/, or restore it from a copy");
}

util::Error unreadable(const std::string& name, struct archive* handle) {
  const char* text = archive_error_string(handle);
  return read_failure(name, text != nullptr ? text : "damaged or truncated");
}

} // namespace

util::Result<ArchiveDigest> digest_members(const std::filesystem::path& path, const std::set<std::string>& capture,
                                           bool sha256) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return util::io_error("cannot open " + path.string(), errno, path);
  const ReadFn read = [&fd](char* buffer, std::size_t size, std::string& error) -> long {
    while (true) {
      const ssize_t got = ::read(fd.get(), buffer, size);
      if (got >= 0) return static_cast<long>(got);
      if (errno == EINTR) continue;
      error = "cannot read the archive: " + util::errno_text(errno);
      return -1;
    }
  };
  return digest_stream(read, path.string(), capture, sha256);
}

util::Result<ArchiveDigest> digest_stream(const ReadFn& read, const std::string& name,
                                          const std::set<std::string>& capture, bool sha256) {
  const Utf8ThreadLocale utf8_locale;
  // Sniff the format from the first bytes; gzip (what archive writes by default) is inflated by
  // ISA-L here, and libarchive reads the tar inside.
  PlainSource plain{read, std::string(std::size_t{1} << 20U, '\0'), 0, {}};
  while (plain.ahead < 2) {
    const long got = read(plain.buffer.data() + plain.ahead, plain.buffer.size() - plain.ahead, plain.error);
    if (got < 0) return read_failure(name, plain.error);
    if (got == 0) break;
    plain.ahead += static_cast<std::size_t>(got);
  }
  const bool gzip = plain.ahead >= 2 && plain.buffer[0] == '\x1f' && plain.buffer[1] == '\x8b';
  std::optional<GzipFileSource> inflater;
  ReaderPtr handle(archive_read_new());
  if (!handle) return util::make_error(util::ErrorKind::internal, "cannot start libarchive", "out of memory");
  archive_read_support_filter_gzip(handle.get());
  archive_read_support_filter_zstd(handle.get());
  archive_read_support_filter_none(handle.get());
  archive_read_support_format_tar(handle.get());
  if (gzip) {
    inflater.emplace([&plain](char* buffer, std::size_t size, std::string& error) -> long {
      if (plain.ahead == 0) return plain.read(buffer, size, error);
      const std::size_t take = std::min(size, plain.ahead);
      std::memcpy(buffer, plain.buffer.data(), take);
      plain.buffer.erase(0, take);
      plain.ahead -= take;
      return static_cast<long>(take);
    });
    if (archive_read_open(handle.get(), &*inflater, nullptr, read_inflated, nullptr) != ARCHIVE_OK) {
      return unreadable(name, handle.get());
    }
  } else if (archive_read_open(handle.get(), &plain, nullptr, read_plain, nullptr) != ARCHIVE_OK) {
    return unreadable(name, handle.get());
  }
  ArchiveDigest digest;
  util::Hasher hasher(util::Hasher::Algorithm::sha256);
  while (true) {
    if (util::stop_requested()) return interrupted_error("cannot finish reading " + name);
    struct archive_entry* entry = nullptr;
    const int header = archive_read_next_header(handle.get(), &entry);
    if (header == ARCHIVE_EOF) break;
    if (header < ARCHIVE_WARN) return unreadable(name, handle.get());
    const char* raw_name = archive_entry_pathname(entry);
    std::string member = raw_name != nullptr ? raw_name : "";
    while (member.size() > 1 && member.back() == '/')
      member.pop_back();
    const unsigned int type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      digest.members.push_back({member, true, 0, {}, 0});
      continue;
    }
    if (type != AE_IFREG) {
      return util::make_error(util::ErrorKind::integrity, "unexpected member " + member + " in " + name,
                              "neither a file nor a folder", "this is not an archive fetch-kaggle wrote");
    }
    const bool keep = capture.contains(member);
    std::string kept;
    std::uint32_t crc = 0;
    std::uint64_t bytes = 0;
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    while (true) {
      const int result = archive_read_data_block(handle.get(), &block, &size, &offset);
      if (result == ARCHIVE_EOF) break;
      if (result < ARCHIVE_WARN) return unreadable(name, handle.get());
      if (sha256) hasher.update(block, size);
      crc = crc32_gzip_refl(crc, static_cast<const unsigned char*>(block), size);
      bytes += size;
      if (keep && kept.size() + size <= k_capture_limit) kept.append(static_cast<const char*>(block), size);
    }
    if (keep) digest.captured[member] = std::move(kept);
    digest.members.push_back({std::move(member), false, bytes, sha256 ? hasher.finish_hex() : std::string(), crc});
  }
  // Read what the tar stream leaves unread (the compressor's end, padding), so that a caller hashing
  // the bytes `read` hands out (ReadBack) has hashed the whole file.
  plain.buffer.resize(std::size_t{1} << 16U);
  for (long got = 1; got > 0;) {
    got = read(plain.buffer.data(), plain.buffer.size(), plain.error);
    if (got < 0) return read_failure(name, plain.error);
  }
  return digest;
}

} // namespace fk::archive
