#pragma once

#include "archive/entry_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fk::archive {

// Signatures and flags of the zip format (PKWARE's APPNOTE.TXT) that the stream reader needs.
inline constexpr std::uint32_t k_local_header = 0x04034b50;
inline constexpr std::uint32_t k_data_descriptor = 0x08074b50;
inline constexpr std::uint32_t k_central_header = 0x02014b50;
inline constexpr std::uint32_t k_end_of_central = 0x06054b50;
inline constexpr std::uint32_t k_zip64_end = 0x06064b50;
inline constexpr std::uint32_t k_digital_signature = 0x05054b50;
inline constexpr std::size_t k_local_header_bytes = 30; // the fixed part, before the name
inline constexpr std::uint16_t k_flag_encrypted = 0x0001;
inline constexpr std::uint16_t k_flag_descriptor = 0x0008;
inline constexpr std::uint16_t k_method_stored = 0;
inline constexpr std::uint16_t k_method_deflate = 8;
inline constexpr std::uint32_t k_zip64_marker = 0xFFFFFFFFU;

// Read a little-endian integer at `at`.
std::uint16_t le16(const char* at) noexcept;
// Read a little-endian 32-bit integer at `at`.
std::uint32_t le32(const char* at) noexcept;
// Read a little-endian 64-bit integer at `at`.
std::uint64_t le64(const char* at) noexcept;

// Describe what one local header says about the entry that follows it.
struct LocalEntry {
  std::string name; // UTF-8 from an Info-ZIP Unicode path field when the stored name is not UTF-8
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0;
  std::uint64_t uncompressed = 0;
  bool zip64 = false;                     // a Zip64 extra field: a data descriptor then holds 8-byte sizes
  std::optional<std::uint32_t> unix_mode; // from libarchive's 'xl' field of a zip made on Unix
};

// Return the size of the local header whose fixed part (k_local_header_bytes) starts at `fixed`.
std::size_t local_header_bytes(const char* fixed) noexcept;

// Parse the whole local header `header` (fixed part, name and extra fields), sizes from a Zip64
// field where the fixed part holds 0xFFFFFFFF.
LocalEntry parse_local_header(std::string_view header);

// Set the type of `entry` from a Unix `mode` (folder, symbolic link, FIFO, device, socket).
void type_by_mode(std::uint32_t mode, ReadEntry& entry);

} // namespace fk::archive
