#include "archive/zip_stream.hpp"

#include "archive/zip_header.hpp"

#include <algorithm>
#include <cstring>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <optional>
#include <utility>

namespace fk::archive {

namespace {

constexpr std::size_t k_output_block = std::size_t{1} << 20U;
constexpr int k_max_idle_calls = 16;
constexpr std::size_t k_read_ahead = 16; // more than ISA-L's inflate reads ahead (8 bytes)

class ZipStreamReader final : public EntryReader {
public:
  explicit ZipStreamReader(Source& source) : m_source(source), m_output(k_output_block, '\0') {}

  util::Result<bool> next(ReadEntry& out) override {
    while (m_in_entry) { // skip what the extractor did not read (a folder's empty deflate stream)
      auto block = read();
      if (!block.ok()) return block.error();
    }
    if (m_finished) return false;
    if (auto status = need(4); !status.ok()) {
      return archive_damaged("the zip ends without a central directory (truncated download?)");
    }
    const std::uint32_t signature = le32(head());
    if (signature == k_central_header || signature == k_end_of_central || signature == k_zip64_end ||
        signature == k_digital_signature) {
      m_finished = true;
      return false;
    }
    if (signature != k_local_header) {
      return archive_damaged("unexpected bytes where a zip entry should start, at offset " + std::to_string(offset()));
    }
    if (auto status = need(k_local_header_bytes); !status.ok()) return truncated();
    const std::size_t header_bytes = local_header_bytes(head());
    if (auto status = need(header_bytes); !status.ok()) return truncated();
    m_entry = parse_local_header({head(), header_bytes});
    skip(header_bytes);
    std::string name = m_entry.name;
    if ((m_entry.flags & k_flag_encrypted) != 0U) {
      return archive_unsupported("entry '" + name + "' is encrypted; fetch-kaggle extracts only unencrypted zips");
    }
    if (m_entry.method != k_method_stored && m_entry.method != k_method_deflate) {
      return archive_unsupported("entry uses compression method " + std::to_string(m_entry.method) +
                                 "; fetch-kaggle extracts stored and deflated zip entries only");
    }
    const bool folder = !name.empty() && name.back() == '/';
    out = ReadEntry{std::move(name), folder ? ReadEntry::Type::folder : ReadEntry::Type::file, {}, {}, {}};
    // Without a data descriptor the local header states the sizes (with one, they come after the data).
    if ((m_entry.flags & k_flag_descriptor) == 0U) out.declared_size = m_entry.uncompressed;
    start_entry();
    if (m_entry.unix_mode) {
      type_by_mode(*m_entry.unix_mode, out);
      if (out.type == ReadEntry::Type::symbolic_link) return read_link_target(out);
    }
    return true;
  }

  util::Result<std::optional<DataBlock>> read() override {
    if (!m_in_entry) return std::optional<DataBlock>();
    if (m_entry.method == k_method_stored) return read_stored();
    return read_deflated();
  }

  std::vector<std::string> take_warnings() override { return {}; }

  [[nodiscard]] std::uint64_t position() const override { return offset(); }

private:
  void start_entry() {
    m_in_entry = true;
    m_crc = 0;
    m_produced = 0;
    m_entry_consumed = 0;
    if (m_entry.method == k_method_deflate) {
      isal_inflate_init(&m_inflate);
      m_inflate.crc_flag = ISAL_DEFLATE; // raw deflate
    }
  }

  util::Result<std::optional<DataBlock>> read_stored() {
    if ((m_entry.flags & k_flag_descriptor) != 0U) return read_stored_until_descriptor();
    const std::uint64_t left = m_entry.compressed - m_entry_consumed;
    if (left == 0) {
      if (auto status = end_entry(m_crc); !status.ok()) return status.error();
      return std::optional<DataBlock>();
    }
    if (available() == 0) {
      if (auto status = refill(); !status.ok()) return status.error();
    }
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(left, available()));
    return stored_block(take);
  }

  // Hand out the next `take` buffered bytes of a stored entry as they are.
  std::optional<DataBlock> stored_block(std::size_t take) {
    const std::string_view bytes(head(), take);
    skip(take);
    m_crc = crc32_gzip_refl(m_crc, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    const std::uint64_t offset = m_produced;
    m_produced += take;
    m_entry_consumed += take;
    return DataBlock{bytes, offset};
  }

  // Read a stored entry of unknown size: its data ends where a data descriptor that matches the
  // bytes so far (signature, CRC-32 and sizes) starts, as libarchive reads it.
  util::Result<std::optional<DataBlock>> read_stored_until_descriptor() {
    constexpr std::string_view k_signature("PK\x07\x08", 4);
    while (true) {
      const std::string_view view(head(), available());
      const std::size_t found = view.find(k_signature);
      std::size_t take = found == std::string_view::npos ? (view.size() > 3 ? view.size() - 3 : 0) : found;
      if (found == 0) {
        auto matches = descriptor_matches();
        if (!matches.ok()) return matches.error();
        if (*matches) {
          if (auto status = end_entry(m_crc); !status.ok()) return status.error();
          return std::optional<DataBlock>();
        }
        take = k_signature.size(); // the signature's bytes are data
      }
      if (take == 0) {
        if (auto status = refill(); !status.ok()) return status.error();
        continue;
      }
      return stored_block(take);
    }
  }

  // Say whether a data descriptor that matches the stored bytes so far starts at the read position.
  util::Result<bool> descriptor_matches() {
    const bool wide = m_entry.zip64;
    if (auto status = need(wide ? 24 : 16); !status.ok()) return truncated();
    const char* at = head() + 4;
    const std::uint64_t compressed = wide ? le64(at + 4) : le32(at + 4);
    const std::uint64_t uncompressed = wide ? le64(at + 12) : le32(at + 8);
    return le32(at) == m_crc && compressed == m_entry_consumed && uncompressed == m_produced;
  }

  util::Result<std::optional<DataBlock>> read_deflated() {
    int idle = 0;
    while (true) {
      if (m_inflate.block_state == ISAL_BLOCK_FINISH) {
        // ISA-L reads up to 8 bytes past the end of the deflate data: give back the whole ones.
        const auto unread = static_cast<std::size_t>(m_inflate.read_in_length / 8);
        if (unread > m_position || unread > m_entry_consumed)
          return archive_damaged("the deflate data of an entry ends oddly");
        m_position -= unread;
        m_entry_consumed -= unread;
        m_inflate.read_in_length = 0;
        if (auto status = end_entry(m_crc); !status.ok()) return status.error();
        return std::optional<DataBlock>();
      }
      if (available() == 0) {
        if (auto status = refill(); !status.ok()) return status.error();
      }
      const std::size_t feed = std::min<std::size_t>(available(), std::size_t{1} << 30U);
      m_inflate.next_in = reinterpret_cast<std::uint8_t*>(m_buffer.data() + m_position);
      m_inflate.avail_in = static_cast<std::uint32_t>(feed);
      m_inflate.next_out = reinterpret_cast<std::uint8_t*>(m_output.data());
      m_inflate.avail_out = static_cast<std::uint32_t>(m_output.size());
      const int result = isal_inflate(&m_inflate);
      const std::size_t used = feed - m_inflate.avail_in;
      skip(used);
      m_entry_consumed += used;
      if (result < 0)
        return archive_damaged("the deflate data of an entry is damaged (ISA-L error " + std::to_string(result) + ")");
      const std::size_t made = m_output.size() - m_inflate.avail_out;
      if (made > 0) {
        m_crc = crc32_gzip_refl(m_crc, reinterpret_cast<const unsigned char*>(m_output.data()), made);
        const std::uint64_t offset = m_produced;
        m_produced += made;
        return std::optional<DataBlock>(DataBlock{std::string_view(m_output.data(), made), offset});
      }
      // Never spin on input ISA-L will not take (a few idle calls may only move its internal state).
      idle = used == 0 && m_inflate.block_state != ISAL_BLOCK_FINISH ? idle + 1 : 0;
      if (idle > k_max_idle_calls) return archive_damaged("the deflate data of an entry cannot be inflated");
    }
  }

  // Check the entry's CRC-32 and sizes against its header or data descriptor.
  util::Status end_entry(std::uint32_t crc) {
    m_in_entry = false;
    LocalEntry expected = m_entry;
    if ((m_entry.flags & k_flag_descriptor) != 0U) {
      auto descriptor = read_descriptor();
      if (!descriptor.ok()) return descriptor.error();
      expected = *descriptor;
    }
    if (expected.crc != crc) return archive_damaged("an entry's CRC-32 does not match its data (damaged download)");
    if (expected.compressed != m_entry_consumed || expected.uncompressed != m_produced) {
      return archive_damaged("an entry's sizes do not match its data (" + std::to_string(m_produced) +
                             " bytes inflated from " + std::to_string(m_entry_consumed) + ", the zip says " +
                             std::to_string(expected.uncompressed) + " from " + std::to_string(expected.compressed) +
                             ")");
    }
    return util::Ok{};
  }

  // Read a data descriptor: an optional signature, the CRC-32, then 4-byte sizes (8-byte with Zip64).
  util::Result<LocalEntry> read_descriptor() {
    if (auto status = need(4); !status.ok()) return truncated();
    if (le32(head()) == k_data_descriptor) skip(4);
    const bool wide = m_entry.zip64 || m_entry_consumed >= k_zip64_marker || m_produced >= k_zip64_marker;
    const std::size_t size_bytes = wide ? 8 : 4;
    if (auto status = need(4 + 2 * size_bytes); !status.ok()) return truncated();
    LocalEntry seen = m_entry;
    seen.crc = le32(head());
    seen.compressed = wide ? le64(head() + 4) : le32(head() + 4);
    seen.uncompressed = wide ? le64(head() + 12) : le32(head() + 8);
    skip(4 + 2 * size_bytes);
    return seen;
  }

  // Read a symbolic link's target: its data.
  util::Result<bool> read_link_target(ReadEntry& out) {
    while (true) {
      auto block = read();
      if (!block.ok()) return block.error();
      if (!block->has_value()) return true;
      if (out.link_target.size() < 4096) out.link_target.append((*block)->bytes.substr(0, 4096));
    }
  }

  [[nodiscard]] std::size_t available() const noexcept { return m_buffer.size() - m_position; }
  [[nodiscard]] const char* head() const noexcept { return m_buffer.data() + m_position; }
  [[nodiscard]] std::uint64_t offset() const noexcept { return m_source.consumed() - available(); }
  void skip(std::size_t count) noexcept { m_position += count; }

  // Append the next chunk of the source; the end of the stream here means a truncated zip.
  util::Status refill() {
    auto chunk = m_source.take();
    if (!chunk.ok()) return chunk.error();
    if (!chunk->has_value()) return truncated();
    // Keep the last bytes already read: ISA-L may have to give some back at the end of an entry.
    const std::size_t keep = std::min<std::size_t>(m_position, k_read_ahead);
    m_buffer.erase(0, m_position - keep);
    m_buffer += **chunk;
    m_position = keep;
    return util::Ok{};
  }

  // Make sure `count` bytes are buffered.
  util::Status need(std::size_t count) {
    while (available() < count) {
      if (auto status = refill(); !status.ok()) return status;
    }
    return util::Ok{};
  }

  [[nodiscard]] util::Error truncated() const {
    if (m_source.source_error()) return *m_source.source_error();
    return archive_damaged("the zip ends in the middle of an entry (truncated download?)");
  }

  Source& m_source;
  std::string m_buffer;
  std::size_t m_position = 0;
  std::string m_output;
  inflate_state m_inflate{};
  LocalEntry m_entry;
  bool m_in_entry = false;
  bool m_finished = false;
  std::uint32_t m_crc = 0;
  std::uint64_t m_produced = 0;
  std::uint64_t m_entry_consumed = 0;
};

} // namespace

std::unique_ptr<EntryReader> make_zip_stream_reader(Source& source) {
  return std::make_unique<ZipStreamReader>(source);
}

} // namespace fk::archive
