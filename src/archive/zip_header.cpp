#include "archive/zip_header.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <isa-l/crc.h>

namespace fk::archive {

namespace {

constexpr std::uint16_t k_zip64_field = 0x0001;
constexpr std::uint16_t k_libarchive_field = 0x6c78; // 'xl': version made by, attributes
constexpr std::uint16_t k_unicode_path_field = 0x7075;
constexpr unsigned k_system_unix = 3;

// Read libarchive's 'xl' field: a bitmap, then version made by, internal and external attributes.
std::optional<std::uint32_t> unix_mode_of(std::string_view data) {
  if (data.empty()) return std::nullopt;
  const auto bits = static_cast<unsigned char>(data[0]);
  std::size_t at = 1;
  unsigned system = 0;
  if ((bits & 1U) != 0U && data.size() >= at + 2) {
    system = static_cast<unsigned char>(data[at + 1]);
    at += 2;
  }
  if ((bits & 2U) != 0U) at += 2;
  if ((bits & 4U) != 0U && data.size() >= at + 4 && system == k_system_unix) return le32(data.data() + at) >> 16U;
  return std::nullopt;
}

void read_extra(std::string_view extra, LocalEntry& entry) {
  while (extra.size() >= 4) {
    const std::uint16_t id = le16(extra.data());
    const std::size_t size = std::min<std::size_t>(le16(extra.data() + 2), extra.size() - 4);
    std::string_view data = extra.substr(4, size);
    if (id == k_zip64_field) {
      entry.zip64 = true;
      if (entry.uncompressed == k_zip64_marker && data.size() >= 8) {
        entry.uncompressed = le64(data.data());
        data.remove_prefix(8);
      }
      if (entry.compressed == k_zip64_marker && data.size() >= 8) entry.compressed = le64(data.data());
    } else if (id == k_libarchive_field) {
      entry.unix_mode = unix_mode_of(data);
    } else if (id == k_unicode_path_field && data.size() > 5 && data[0] == 1 && !util::is_valid_utf8(entry.name)) {
      const std::uint32_t name_crc =
          crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(entry.name.data()), entry.name.size());
      if (le32(data.data() + 1) == name_crc) entry.name.assign(data.substr(5));
    }
    extra.remove_prefix(4 + size);
  }
}

} // namespace

std::uint16_t le16(const char* at) noexcept {
  const auto* bytes = reinterpret_cast<const unsigned char*>(at);
  return static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8U));
}

std::uint32_t le32(const char* at) noexcept {
  return static_cast<std::uint32_t>(le16(at)) | (static_cast<std::uint32_t>(le16(at + 2)) << 16U);
}

std::uint64_t le64(const char* at) noexcept {
  return static_cast<std::uint64_t>(le32(at)) | (static_cast<std::uint64_t>(le32(at + 4)) << 32U);
}

std::size_t local_header_bytes(const char* fixed) noexcept {
  return k_local_header_bytes + le16(fixed + 26) + le16(fixed + 28);
}

LocalEntry parse_local_header(std::string_view header) {
  const char* fixed = header.data();
  LocalEntry entry;
  entry.flags = le16(fixed + 6);
  entry.method = le16(fixed + 8);
  entry.crc = le32(fixed + 14);
  entry.compressed = le32(fixed + 18);
  entry.uncompressed = le32(fixed + 22);
  const std::size_t name_bytes = le16(fixed + 26);
  entry.name.assign(header.substr(k_local_header_bytes, name_bytes));
  read_extra(header.substr(k_local_header_bytes + name_bytes), entry);
  std::replace(entry.name.begin(), entry.name.end(), '\\', '/'); // as libarchive and unzip read zips made on Windows
  return entry;
}

void type_by_mode(std::uint32_t mode, ReadEntry& entry) {
  struct Kind {
    std::uint32_t bits;
    ReadEntry::Type type;
    const char* text;
  };
  static constexpr Kind k_kinds[] = {
      {0040000U, ReadEntry::Type::folder, ""},
      {0120000U, ReadEntry::Type::symbolic_link, ""},
      {0010000U, ReadEntry::Type::other, "a FIFO"},
      {0020000U, ReadEntry::Type::other, "a character device"},
      {0060000U, ReadEntry::Type::other, "a block device"},
      {0140000U, ReadEntry::Type::other, "a socket"},
  };
  for (const Kind& kind : k_kinds) {
    if ((mode & 0170000U) != kind.bits) continue;
    entry.type = kind.type;
    entry.type_text = kind.text;
    return;
  }
}

} // namespace fk::archive
