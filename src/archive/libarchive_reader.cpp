#include "archive/libarchive_reader.hpp"

#include "archive/output.hpp"
#include "archive/utf8_locale.hpp"
#include "util/signals.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>

namespace fk::archive {

namespace {

la_ssize_t read_chunk(struct archive* handle, void* client, const void** buffer) {
  auto& source = *static_cast<Source*>(client);
  auto next = source.next();
  if (!next.ok()) {
    archive_set_error(handle, EIO, "%s", "the source of the archive failed");
    return ARCHIVE_FATAL;
  }
  if (!next->has_value()) return 0;
  *buffer = (*next)->data();
  return static_cast<la_ssize_t>((*next)->size());
}

struct ArchiveFree {
  void operator()(struct archive* handle) const noexcept { archive_read_free(handle); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveFree>;

std::string type_text(unsigned int type) {
  switch (type) {
  case AE_IFCHR:
    return "a character device";
  case AE_IFBLK:
    return "a block device";
  case AE_IFIFO:
    return "a FIFO";
  case AE_IFSOCK:
    return "a socket";
  default:
    return "an entry of unknown type";
  }
}

class LibarchiveReader final : public EntryReader {
public:
  explicit LibarchiveReader(Source& source) : m_source(source) {}

  util::Result<bool> next(ReadEntry& out) override {
    if (!m_handle) {
      if (auto status = open(); !status.ok()) return status.error();
    }
    struct archive_entry* entry = nullptr;
    const int result = archive_read_next_header(m_handle.get(), &entry);
    if (result == ARCHIVE_EOF) return false;
    if (result < ARCHIVE_WARN) return failure();
    if (result == ARCHIVE_WARN) warn();
    const char* name = archive_entry_pathname_utf8(entry);
    if (name == nullptr) name = archive_entry_pathname(entry);
    if (name == nullptr) {
      const char* text = archive_error_string(m_handle.get());
      return archive_damaged(std::string("an entry's name cannot be read") +
                             (text == nullptr ? "" : std::string(": ") + text));
    }
    out = ReadEntry{name, ReadEntry::Type::file, {}, {}, {}};
    if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) >= 0)
      out.declared_size = static_cast<std::uint64_t>(archive_entry_size(entry));
    if (const char* target = archive_entry_hardlink(entry); target != nullptr) {
      out.type = ReadEntry::Type::hard_link;
      out.link_target = target;
      return true;
    }
    const unsigned int type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      out.type = ReadEntry::Type::folder;
    } else if (type == AE_IFLNK) {
      out.type = ReadEntry::Type::symbolic_link;
      const char* target = archive_entry_symlink(entry);
      out.link_target = target == nullptr ? "" : target;
    } else if (type != AE_IFREG) {
      out.type = ReadEntry::Type::other;
      out.type_text = type_text(type);
    }
    return true;
  }

  util::Result<std::optional<DataBlock>> read() override {
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    const int result = archive_read_data_block(m_handle.get(), &block, &size, &offset);
    if (result == ARCHIVE_EOF) return std::optional<DataBlock>();
    if (result < ARCHIVE_WARN) return failure();
    if (result == ARCHIVE_WARN) warn();
    return std::optional<DataBlock>(DataBlock{{static_cast<const char*>(block), size},
                                              static_cast<std::uint64_t>(std::max<la_int64_t>(offset, 0))});
  }

  std::vector<std::string> take_warnings() override { return std::exchange(m_warnings, {}); }

  [[nodiscard]] std::uint64_t position() const override { return m_source.consumed(); }

private:
  util::Status open() {
    m_handle.reset(archive_read_new());
    if (!m_handle) return util::make_error(util::ErrorKind::internal, "cannot start libarchive", "out of memory");
    archive_read_support_filter_all(m_handle.get());
    archive_read_support_format_zip(m_handle.get()); // without a seek callback: streaming, from local headers
    archive_read_support_format_tar(m_handle.get());
    if (archive_read_open(m_handle.get(), &m_source, nullptr, read_chunk, nullptr) != ARCHIVE_OK) return failure();
    return util::Ok{};
  }

  void warn() {
    const char* text = archive_error_string(m_handle.get());
    m_warnings.emplace_back(text == nullptr ? "libarchive warning" : text);
  }

  [[nodiscard]] util::Error failure() const {
    if (m_source.source_error()) return *m_source.source_error();
    if (util::stop_requested()) return interrupted_error("cannot finish reading the archive");
    const char* text = archive_error_string(m_handle.get());
    return archive_damaged(text == nullptr ? "libarchive failed without a message" : text);
  }

  Source& m_source;
  ArchivePtr m_handle;
  std::vector<std::string> m_warnings;
};

} // namespace

std::unique_ptr<EntryReader> make_libarchive_reader(Source& source) {
  return std::make_unique<LibarchiveReader>(source);
}

} // namespace fk::archive
