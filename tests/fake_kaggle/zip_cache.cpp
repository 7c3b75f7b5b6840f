#include "fake_kaggle/zip_cache.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace fk::fake_kaggle {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_copy_block = 1U << 20;

// Pass libarchive's output to an AtomicFile and remember the first failure.
struct ZipSink {
  util::AtomicFile* file = nullptr;
  std::optional<util::Error> error;
};

la_ssize_t write_to_sink(struct archive*, void* client, const void* buffer, std::size_t length) {
  auto* sink = static_cast<ZipSink*>(client);
  const util::Status status = sink->file->write(std::string_view(static_cast<const char*>(buffer), length));
  if (!status) {
    sink->error = status.error();
    return -1;
  }
  return static_cast<la_ssize_t>(length);
}

util::Error archive_error(struct archive* zip, const fs::path& target, std::string_view step) {
  const char* text = archive_error_string(zip);
  return util::make_error(util::ErrorKind::internal, "cannot build the zip " + target.string(),
                          std::string(step) + ": " + (text != nullptr ? text : "libarchive failed"),
                          "check free space in the --cache-dir folder");
}

// Append one member's header and bytes to `zip`.
util::Status add_member(struct archive* zip, const ZipMember& member, const fs::path& target) {
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname_utf8(entry.get(), member.entry_name.c_str());
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(member.file.size));
  archive_entry_set_mtime(entry.get(), std::chrono::system_clock::to_time_t(member.file.mtime), 0);
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  if (archive_write_header(zip, entry.get()) != ARCHIVE_OK) return archive_error(zip, target, "writing a header");

  const int fd = ::open(member.file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return util::io_error("cannot open " + member.file.path.string() + " to zip it", errno, member.file.path);
  std::vector<char> buffer(k_copy_block);
  std::uint64_t copied = 0;
  util::Status status = util::Ok{};
  while (copied < member.file.size) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = util::io_error("cannot read " + member.file.path.string() + " to zip it", errno, member.file.path);
      break;
    }
    if (n == 0) {
      status = util::make_error(util::ErrorKind::internal, "cannot zip " + member.file.path.string(),
                                "the file shrank while it was being zipped", "do not change dataset files while serving");
      break;
    }
    const std::size_t to_write = static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(n), member.file.size - copied));
    if (archive_write_data(zip, buffer.data(), to_write) < 0) {
      status = archive_error(zip, target, "writing data");
      break;
    }
    copied += to_write;
  }
  ::close(fd);
  return status;
}

} // namespace

util::Status write_zip(const fs::path& target, const std::vector<ZipMember>& members) {
  auto file = util::AtomicFile::create(target);
  if (!file) return file.error();
  ZipSink sink{&*file, std::nullopt};
  std::unique_ptr<struct archive, decltype(&archive_write_free)> zip(archive_write_new(), archive_write_free);
  if (archive_write_set_format_zip(zip.get()) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate(zip.get()) != ARCHIVE_OK ||
      archive_write_set_options(zip.get(), "zip:hdrcharset=UTF-8") != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(zip.get(), 0) != ARCHIVE_OK ||
      archive_write_open2(zip.get(), &sink, nullptr, write_to_sink, nullptr, nullptr) != ARCHIVE_OK) {
    return archive_error(zip.get(), target, "starting the zip");
  }
  for (const ZipMember& member : members) {
    util::Status added = add_member(zip.get(), member, target);
    if (!added) return sink.error ? *sink.error : added.error();
  }
  if (archive_write_close(zip.get()) != ARCHIVE_OK) {
    return sink.error ? *sink.error : archive_error(zip.get(), target, "finishing the zip");
  }
  return file->commit();
}

ZipCache::ZipCache(fs::path dir) : m_dir(std::move(dir)) {}

util::Result<fs::path> ZipCache::get(const std::string& owner, const std::string& slug, std::int64_t version,
                                     const std::string& object_name, const std::vector<ZipMember>& members) {
  // The cached name depends on the object and on every member's name, size and mtime, so a
  // changed version folder gets a new zip instead of a stale one.
  util::Hasher fingerprint(util::Hasher::Algorithm::sha256);
  fingerprint.update(object_name);
  for (const ZipMember& member : members) {
    const auto mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(member.file.mtime.time_since_epoch());
    fingerprint.update("\n" + member.entry_name + "\n" + std::to_string(member.file.size) + "\n" +
                       std::to_string(mtime_ns.count()));
  }
  const fs::path folder = m_dir / owner / slug / std::to_string(version);
  const fs::path target = folder / (fingerprint.finish_hex().substr(0, 32) + ".zip");

  std::shared_ptr<std::mutex> lock_for_target;
  {
    std::lock_guard lock(m_mutex);
    auto& slot = m_building[target.string()];
    if (!slot) slot = std::make_shared<std::mutex>();
    lock_for_target = slot;
  }
  std::lock_guard build_lock(*lock_for_target);
  std::error_code ec;
  if (fs::is_regular_file(target, ec)) return target;
  if (auto created = util::create_directories(folder); !created) return created.error();
  if (auto written = write_zip(target, members); !written) return written.error();
  return target;
}

} // namespace fk::fake_kaggle
