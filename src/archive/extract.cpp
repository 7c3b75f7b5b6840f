#include "archive/extract.hpp"

#include "archive/entry_path.hpp"
#include "archive/entry_reader.hpp"
#include "archive/extract_limits.hpp"
#include "archive/format.hpp"
#include "archive/libarchive_reader.hpp"
#include "archive/output.hpp"
#include "archive/utf8_locale.hpp"
#include "archive/write_behind.hpp"
#include "archive/zip_stream.hpp"
#include "util/fs.hpp"
#include "util/signals.hpp"

#include <algorithm>
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

// Run one extraction: read headers, check each entry, write files, keep the summary.
class Extractor {
public:
  Extractor(const ChunkSource& pull, Destination destination, const ExtractOptions& options, EntryObserver* observer)
      : m_pull(pull), m_destination(std::move(destination)), m_options(options), m_observer(observer),
        m_limits(options, m_destination.root()) {}

  util::Result<ExtractSummary> run() {
    const Utf8ThreadLocale utf8_locale; // outlives libarchive's handle in the reader
    auto first = first_bytes();
    if (!first.ok()) return with_subject(first.error());
    m_source.emplace(m_pull, std::move(*first));
    // Zips (what Kaggle serves) go through our own reader, which inflates with ISA-L; the rest
    // (tar, compressed tar) and zips using what it does not read go through libarchive.
    std::unique_ptr<EntryReader> reader = detect_format(m_source_head) == Format::zip
                                              ? make_zip_stream_reader(*m_source)
                                              : make_libarchive_reader(*m_source);
    m_reader = reader.get();
    while (true) {
      ReadEntry entry;
      auto more = reader->next(entry);
      take_warnings(*reader);
      if (!more.ok()) return with_subject(more.error());
      if (!*more) break;
      m_entry_name = std::move(entry.name);
      if (auto status = extract_entry(*reader, entry); !status.ok()) return status.error();
    }
    m_entry_name.clear();
    if (auto status = m_source->drain(m_options.source_name); !status.ok()) return status.error();
    if (auto status = m_behind.finish(); !status.ok()) return status.error();
    for (const auto& [index, file] : m_digests)
      m_summary.files[index].sha256 = m_behind.digest(file);
    if (m_options.sync) {
      if (auto status = m_destination.sync_folders(); !status.ok()) return status.error();
    }
    m_summary.compressed_bytes = m_source->consumed();
    for (const auto& file : m_summary.files)
      m_summary.bytes_written += file.bytes;
    return std::move(m_summary);
  }

private:
  // Take the stream's first chunk (enough to tell a zip from the rest).
  util::Result<std::string> first_bytes() {
    Source probe(m_pull, {});
    auto chunk = probe.take();
    if (!chunk.ok()) return chunk.error();
    std::string first = chunk->has_value() ? std::move(**chunk) : std::string();
    m_source_head = first.substr(0, k_detect_bytes);
    return first;
  }

  util::Status extract_entry(EntryReader& reader, const ReadEntry& entry) {
    if (++m_summary.entries > m_options.max_entries) {
      return refuse("the archive has more than " + std::to_string(m_options.max_entries) + " entries", k_bomb_fix);
    }
    auto path = parse_entry_path(m_entry_name, m_options.max_path_bytes);
    if (!path.ok()) return refuse(path.error().why, "");
    switch (entry.type) {
    case ReadEntry::Type::hard_link:
      return refuse("it is a hard link to '" + printable_name(entry.link_target) + "'; links are never extracted", "");
    case ReadEntry::Type::symbolic_link:
      return refuse("it is a symbolic link to '" + printable_name(entry.link_target) + "'; links are never extracted",
                    "");
    case ReadEntry::Type::other:
      return refuse("it is " + entry.type_text + "; only regular files and folders are extracted", "");
    case ReadEntry::Type::folder:
      return with_entry(m_destination.make_folders(path->components));
    case ReadEntry::Type::file:
      break;
    }
    return write_file(reader, entry, *path);
  }

  util::Status write_file(EntryReader& reader, const ReadEntry& entry, const EntryPath& path) {
    if (path.components.empty()) return refuse("the name names no file", "");
    if (auto status = m_limits.begin_entry(entry.declared_size, reader.position()); !status.ok())
      return with_subject(status.error());
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
    FileWriter writer(std::move(*fd), m_destination.root() / path.relative, &m_behind);
    if (m_observer != nullptr) m_observer->begin_entry(path.relative);
    if (auto status = copy_data(reader, writer); !status.ok()) return status;
    auto sha256 = writer.finish(m_options.sync);
    if (!sha256.ok()) return with_entry(sha256.error());
    EntryResult result{path.relative, writer.bytes(), std::move(*sha256), {}};
    if (m_observer != nullptr) result.observed = m_observer->end_entry();
    std::size_t index = m_summary.files.size();
    if (previous != m_index.end()) {
      index = previous->second;
      m_summary.files[index] = std::move(result);
    } else {
      m_index.emplace(path.relative, index);
      m_summary.files.push_back(std::move(result));
    }
    m_digests.emplace_back(index, writer.behind_id()); // the later copy of a duplicate comes later: it wins
    return util::Ok{};
  }

  // Copy the current entry's data blocks into `writer`, filling holes of sparse entries with zeros.
  util::Status copy_data(EntryReader& reader, FileWriter& writer) {
    while (true) {
      auto block = reader.read();
      take_warnings(reader);
      if (!block.ok()) return with_subject(block.error());
      if (!block->has_value()) break;
      if (util::stop_requested()) return interrupted_error("cannot finish extracting " + m_options.source_name);
      const DataBlock& data = **block;
      if (data.offset > writer.bytes()) {
        if (auto status = fill_hole(writer, data.offset - writer.bytes()); !status.ok()) return status;
      }
      if (auto status = emit(writer, data.bytes); !status.ok()) return status;
    }
    return util::Ok{};
  }

  // Check the limits, then hash, write and observe `bytes`.
  util::Status emit(FileWriter& writer, std::string_view bytes) {
    if (auto status = m_limits.admit(bytes.size(), m_reader->position()); !status.ok())
      return with_subject(status.error());
    if (auto status = writer.append(bytes); !status.ok()) return with_entry(status.error());
    if (m_observer != nullptr) m_observer->data(bytes);
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

  void take_warnings(EntryReader& reader) {
    for (std::string& text : reader.take_warnings()) {
      m_summary.warnings.push_back(m_options.source_name +
                                   (m_entry_name.empty() ? "" : ", entry '" + printable_name(m_entry_name) + "'") +
                                   ": " + text);
    }
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

  // Name the archive and entry in a reader's error (a source's error names its own subject).
  [[nodiscard]] util::Error with_subject(util::Error error) const {
    if (util::stop_requested() && error.kind != util::ErrorKind::interrupted) return interrupted_error(subject());
    if (error.what.empty()) error.what = subject();
    return error;
  }

  const ChunkSource& m_pull;
  std::optional<Source> m_source;
  std::string m_source_head; // the stream's first bytes, to tell its format
  Destination m_destination;
  WriteBehind m_behind; // writes, fsyncs and closes the files while the next bytes are inflated
  const ExtractOptions& m_options;
  EntryObserver* m_observer;
  ExtractSummary m_summary;
  std::map<std::string, std::size_t> m_index;                         // relative path -> position in m_summary.files
  std::vector<std::pair<std::size_t, WriteBehind::FileId>> m_digests; // position -> file hashed by m_behind
  std::string m_entry_name;                                           // the entry being extracted, as stored
  EntryReader* m_reader = nullptr;                                    // the reader of run(), for its position
  ExtractLimits m_limits; // sizes, free space and the opt-in ratio, replaced duplicates included
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
