#include "archive/member_digest.hpp"

#include "archive/gzip_source.hpp"
#include "archive/output.hpp"
#include "archive/utf8_locale.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <fcntl.h>
#include <isa-l/crc.h>
#include <memory>
#include <optional>
#include <unistd.h>

namespace fk::archive {

namespace {

struct ReaderFree {
  void operator()(struct archive* handle) const noexcept { archive_read_free(handle); }
};
using ReaderPtr = std::unique_ptr<struct archive, ReaderFree>;

constexpr std::size_t k_capture_limit = 256U << 20U;

util::Error unreadable(const std::filesystem::path& path, struct archive* handle) {
  const char* text = archive_error_string(handle);
  return util::make_error(util::ErrorKind::integrity, "cannot read archive " + path.string(),
                          text != nullptr ? text : "damaged or truncated",
                          "the archive is damaged: archive the day again from raw/, or restore it from a copy");
}

la_ssize_t read_inflated(struct archive* handle, void* client, const void** buffer) {
  auto& inflater = *static_cast<GzipFileSource*>(client);
  const long size = inflater.next(buffer);
  if (size < 0) archive_set_error(handle, EIO, "%s", inflater.error().c_str());
  return size < 0 ? ARCHIVE_FATAL : static_cast<la_ssize_t>(size);
}

} // namespace

util::Result<ArchiveDigest> digest_members(const std::filesystem::path& path, const std::set<std::string>& capture,
                                           bool sha256) {
  const Utf8ThreadLocale utf8_locale;
  // gzip (what archive writes by default) is inflated by ISA-L here; libarchive reads the tar inside.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return util::io_error("cannot open " + path.string(), errno, path);
  unsigned char magic[2] = {0, 0};
  const bool gzip = ::pread(fd.get(), magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  std::optional<GzipFileSource> inflater;
  ReaderPtr handle(archive_read_new());
  if (!handle) return util::make_error(util::ErrorKind::internal, "cannot start libarchive", "out of memory");
  archive_read_support_filter_gzip(handle.get());
  archive_read_support_filter_zstd(handle.get());
  archive_read_support_filter_none(handle.get());
  archive_read_support_format_tar(handle.get());
  if (gzip) {
    inflater.emplace(fd.get());
    if (archive_read_open(handle.get(), &*inflater, nullptr, read_inflated, nullptr) != ARCHIVE_OK) {
      return unreadable(path, handle.get());
    }
  } else if (archive_read_open_fd(handle.get(), fd.get(), 1U << 20U) != ARCHIVE_OK) {
    return unreadable(path, handle.get());
  }
  ArchiveDigest digest;
  util::Hasher hasher(util::Hasher::Algorithm::sha256);
  while (true) {
    if (util::stop_requested()) return interrupted_error("cannot finish reading " + path.string());
    struct archive_entry* entry = nullptr;
    const int header = archive_read_next_header(handle.get(), &entry);
    if (header == ARCHIVE_EOF) break;
    if (header < ARCHIVE_WARN) return unreadable(path, handle.get());
    const char* raw_name = archive_entry_pathname(entry);
    std::string name = raw_name != nullptr ? raw_name : "";
    while (name.size() > 1 && name.back() == '/')
      name.pop_back();
    const unsigned int type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      digest.members.push_back({name, true, 0, {}, 0});
      continue;
    }
    if (type != AE_IFREG) {
      return util::make_error(util::ErrorKind::integrity, "unexpected member " + name + " in " + path.string(),
                              "neither a file nor a folder", "this is not an archive fetch-kaggle wrote");
    }
    const bool keep = capture.contains(name);
    std::string kept;
    std::uint32_t crc = 0;
    std::uint64_t bytes = 0;
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    while (true) {
      const int result = archive_read_data_block(handle.get(), &block, &size, &offset);
      if (result == ARCHIVE_EOF) break;
      if (result < ARCHIVE_WARN) return unreadable(path, handle.get());
      if (sha256) hasher.update(block, size);
      crc = crc32_gzip_refl(crc, static_cast<const unsigned char*>(block), size);
      bytes += size;
      if (keep && kept.size() + size <= k_capture_limit) kept.append(static_cast<const char*>(block), size);
    }
    if (keep) digest.captured[name] = std::move(kept);
    digest.members.push_back({std::move(name), false, bytes, sha256 ? hasher.finish_hex() : std::string(), crc});
  }
  return digest;
}

} // namespace fk::archive
