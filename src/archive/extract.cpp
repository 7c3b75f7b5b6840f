#include "archive/extract.hpp"

#include "archive/entry_path.hpp"
#include "archive/output.hpp"
#include "archive/utf8_locale.hpp"
#include "util/fs.hpp"
#include "util/signals.hpp"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <clocale>
#include <map>
#include <memory>
#include <utility>

namespace fk::archive {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_bomb_fix =
    "this looks like a zip bomb: do not retry it; if the dataset is really that large, raise the extraction limit";

// Hold what libarchive's read callback needs: the source and the chunk it is reading now.
struct ReadContext {
  const ChunkSource* pull = nullptr;
  std::string chunk; // kept alive until the next callback, as libarchive requires
  std::uint64_t consumed = 0;
  bool ended = false;
  std::optional<util::Error> source_error;
};

la_ssize_t read_chunk(struct archive* handle, void* client, const void** buffer) {
  auto& context = *static_cast<ReadContext*>(client);
  if (context.ended) return 0;
  try {
    while (true) {
      if (util::stop_requested()) {
        context.source_error = interrupted_error("cannot finish reading the archive");
        archive_set_error(handle, EINTR, "%s", "interrupted");
        return ARCHIVE_FATAL;
      }
      auto next = (*context.pull)();
      if (!next.ok()) {
        context.source_error = next.error();
        archive_set_error(handle, EIO, "%s", "the source of the archive failed");
        return ARCHIVE_FATAL;
      }
      if (!next->has_value()) {
        context.ended = true;
        return 0;
      }
      context.chunk = std::move(**next);
      if (context.chunk.empty()) continue;
      context.consumed += context.chunk.size();
      *buffer = context.chunk.data();
      return static_cast<la_ssize_t>(context.chunk.size());
    }
  } catch (const std::exception& error) {
    context.source_error =
        util::make_error(util::ErrorKind::internal, "cannot read the archive's source", error.what());
    archive_set_error(handle, EIO, "%s", "the source of the archive failed");
    return ARCHIVE_FATAL;
  }
}

struct ArchiveFree {
  void operator()(struct archive* handle) const noexcept { archive_read_free(handle); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveFree>;

std::string_view type_name(unsigned int type) {
  switch (type) {
  case AE_IFLNK:
    return "a symbolic link";
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

// Run one extraction: read headers, check each entry, write files, keep the summary.
class Extractor {
public:
  Extractor(const ChunkSource& pull, Destination destination, const ExtractOptions& options, EntryObserver* observer)
      : m_destination(std::move(destination)), m_options(options), m_observer(observer) {
    m_context.pull = &pull;
  }

  util::Result<ExtractSummary> run() {
    const Utf8ThreadLocale utf8_locale; // outlives the archive handle below
    ArchivePtr handle(archive_read_new());
    if (!handle) return util::make_error(util::ErrorKind::internal, "cannot start libarchive", "out of memory");
    archive_read_support_filter_all(handle.get());
    archive_read_support_format_zip(handle.get()); // without a seek callback: streaming, from local headers
    archive_read_support_format_tar(handle.get());
    if (archive_read_open(handle.get(), &m_context, nullptr, read_chunk, nullptr) != ARCHIVE_OK) {
      return archive_failure(handle.get());
    }
    while (true) {
      struct archive_entry* entry = nullptr;
      const int result = archive_read_next_header(handle.get(), &entry);
      if (result == ARCHIVE_EOF) break;
      m_entry_name.clear();
      if (result < ARCHIVE_WARN) return archive_failure(handle.get());
      if (result == ARCHIVE_WARN) warn_libarchive(handle.get());
      if (auto status = extract_entry(handle.get(), entry); !status.ok()) return status.error();
    }
    m_entry_name.clear();
    if (auto status = drain(); !status.ok()) return status.error();
    if (m_options.sync) {
      if (auto status = m_destination.sync_folders(); !status.ok()) return status.error();
    }
    m_summary.compressed_bytes = m_context.consumed;
    for (const auto& file : m_summary.files)
      m_summary.bytes_written += file.bytes;
    return std::move(m_summary);
  }

private:
  util::Status extract_entry(struct archive* handle, struct archive_entry* entry) {
    const char* raw_name = archive_entry_pathname_utf8(entry);
    if (raw_name == nullptr) raw_name = archive_entry_pathname(entry);
    if (raw_name == nullptr) {
      const char* text = archive_error_string(handle);
      return refuse(std::string("an entry's name cannot be read") + (text == nullptr ? "" : std::string(": ") + text),
                    "");
    }
    m_entry_name = raw_name;
    if (++m_summary.entries > m_options.max_entries) {
      return refuse("the archive has more than " + std::to_string(m_options.max_entries) + " entries", k_bomb_fix);
    }
    auto path = parse_entry_path(m_entry_name, m_options.max_path_bytes);
    if (!path.ok()) return refuse(path.error().why, "");
    if (const char* target = archive_entry_hardlink(entry); target != nullptr) {
      return refuse("it is a hard link to '" + printable_name(target) + "'; links are never extracted", "");
    }
    const unsigned int type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) return with_entry(m_destination.make_folders(path->components));
    if (type == AE_IFREG) return write_file(handle, *path);
    std::string why = "it is " + std::string(type_name(type));
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      why += " to '" + printable_name(target == nullptr ? "" : target) + "'; links are never extracted";
    } else {
      why += "; only regular files and folders are extracted";
    }
    return refuse(std::move(why), "");
  }

  util::Status write_file(struct archive* handle, const EntryPath& path) {
    if (path.components.empty()) return refuse("the name names no file", "");
    bool replaced = false;
    auto fd = m_destination.create_file(path.components, replaced);
    if (!fd.ok()) return with_entry(fd.error());
    const auto previous = m_index.find(path.relative);
    if (previous != m_index.end()) {
      m_summary.warnings.push_back("duplicate entry '" + printable_name(path.relative) + "' in " +
                                   m_options.source_name + ": the later copy replaced the earlier one");
    } else if (replaced) {
      m_summary.warnings.push_back("replaced " + (m_destination.root() / path.relative).string() +
                                   ", which existed before the extraction");
    }
    FileWriter writer(std::move(*fd), m_destination.root() / path.relative);
    if (m_observer != nullptr) m_observer->begin_entry(path.relative);
    if (auto status = copy_data(handle, writer); !status.ok()) return status;
    auto sha256 = writer.finish(m_options.sync);
    if (!sha256.ok()) return with_entry(sha256.error());
    EntryResult result{path.relative, writer.bytes(), std::move(*sha256), {}};
    if (m_observer != nullptr) result.observed = m_observer->end_entry();
    if (previous != m_index.end()) {
      m_summary.files[previous->second] = std::move(result);
    } else {
      m_index.emplace(path.relative, m_summary.files.size());
      m_summary.files.push_back(std::move(result));
    }
    return util::Ok{};
  }

  // Copy the current entry's data blocks into `writer`, filling holes of sparse entries with zeros.
  util::Status copy_data(struct archive* handle, FileWriter& writer) {
    while (true) {
      const void* block = nullptr;
      std::size_t size = 0;
      la_int64_t offset = 0;
      const int result = archive_read_data_block(handle, &block, &size, &offset);
      if (result == ARCHIVE_EOF) break;
      if (result < ARCHIVE_WARN) return archive_failure(handle);
      if (result == ARCHIVE_WARN) warn_libarchive(handle);
      if (util::stop_requested()) return interrupted_error("cannot finish extracting " + m_options.source_name);
      if (offset > 0 && static_cast<std::uint64_t>(offset) > writer.bytes()) {
        if (auto status = fill_hole(writer, static_cast<std::uint64_t>(offset) - writer.bytes()); !status.ok()) {
          return status;
        }
      }
      if (auto status = emit(writer, {static_cast<const char*>(block), size}); !status.ok()) return status;
    }
    return util::Ok{};
  }

  // Check the caps, then hash, write and observe `bytes`.
  util::Status emit(FileWriter& writer, std::string_view bytes) {
    const std::uint64_t after = m_written + bytes.size();
    if (after > m_options.max_total_bytes) {
      return refuse("the archive unpacks to more than " + util::human_bytes(m_options.max_total_bytes) +
                        ", the limit on uncompressed bytes",
                    k_bomb_fix);
    }
    if (after >= m_options.ratio_grace_bytes &&
        static_cast<double>(after) >
            m_options.max_ratio * static_cast<double>(std::max<std::uint64_t>(m_context.consumed, 1))) {
      return refuse("the archive unpacked to " + std::to_string(after) + " bytes from only " +
                        std::to_string(m_context.consumed) + " bytes read, more than " +
                        std::to_string(static_cast<long long>(m_options.max_ratio)) + " times as many",
                    k_bomb_fix);
    }
    if (auto status = writer.append(bytes); !status.ok()) return with_entry(status.error());
    if (m_observer != nullptr) m_observer->data(bytes);
    m_written = after;
    return util::Ok{};
  }

  // Write `count` zero bytes for a hole in a sparse (tar) entry.
  util::Status fill_hole(FileWriter& writer, std::uint64_t count) {
    static const std::string zeros(std::size_t{64} << 10U, '\0');
    while (count > 0) {
      const std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(count, zeros.size()));
      if (auto status = emit(writer, {zeros.data(), step}); !status.ok()) return status;
      count -= step;
    }
    return util::Ok{};
  }

  // Read the rest of the source (a zip's central directory) so that its producer never blocks.
  util::Status drain() {
    while (!m_context.ended) {
      if (util::stop_requested()) return interrupted_error("cannot finish reading " + m_options.source_name);
      auto next = (*m_context.pull)();
      if (!next.ok()) return next.error();
      if (!next->has_value()) break;
      m_context.consumed += (*next)->size();
    }
    m_context.ended = true;
    return util::Ok{};
  }

  void warn_libarchive(struct archive* handle) {
    const char* text = archive_error_string(handle);
    m_summary.warnings.push_back(m_options.source_name +
                                 (m_entry_name.empty() ? "" : ", entry '" + printable_name(m_entry_name) + "'") + ": " +
                                 (text == nullptr ? "libarchive warning" : text));
  }

  [[nodiscard]] std::string subject() const {
    if (m_entry_name.empty()) return "cannot extract " + m_options.source_name;
    return "cannot extract '" + printable_name(m_entry_name) + "' from " + m_options.source_name;
  }

  [[nodiscard]] util::Error refuse(std::string why, std::string_view fix) const {
    return util::make_error(util::ErrorKind::validation, subject(), std::move(why),
                            fix.empty() ? "the archive is unsafe to extract: report the dataset and skip it"
                                        : std::string(fix));
  }

  [[nodiscard]] util::Status with_entry(util::Status status) const {
    if (status.ok()) return status;
    return with_entry(status.error());
  }

  [[nodiscard]] util::Error with_entry(util::Error error) const {
    error.what += " (" + subject().substr(std::string_view("cannot ").size()) + ")";
    return error;
  }

  util::Error archive_failure(struct archive* handle) const {
    if (m_context.source_error) return *m_context.source_error;
    if (util::stop_requested()) return interrupted_error(subject());
    const char* text = archive_error_string(handle);
    return util::make_error(util::ErrorKind::validation, subject(),
                            text == nullptr ? "libarchive failed without a message" : text,
                            "download it again; if the error repeats, the file on the server is damaged or is "
                            "not a zip or tar archive");
  }

  ReadContext m_context;
  Destination m_destination;
  const ExtractOptions& m_options;
  EntryObserver* m_observer;
  ExtractSummary m_summary;
  std::map<std::string, std::size_t> m_index; // relative path -> position in m_summary.files
  std::string m_entry_name;                   // the entry being extracted, as stored
  std::uint64_t m_written = 0;                // every byte written, replaced duplicates included
};

} // namespace

util::Result<ExtractSummary> extract_stream(const ChunkSource& pull, const fs::path& dest_dir,
                                            const ExtractOptions& options, EntryObserver* observer) {
  auto destination = Destination::open(dest_dir);
  if (!destination.ok()) return destination.error();
  Extractor extractor(pull, std::move(*destination), options, observer);
  return extractor.run();
}

} // namespace fk::archive
