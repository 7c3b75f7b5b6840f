#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace fk::fake_kaggle {

// Extend the CRC-32C (Castagnoli) `crc` of earlier bytes with `size` more bytes; start from 0.
std::uint32_t crc32c_update(std::uint32_t crc, const void* data, std::size_t size);

// Return the CRC-32C of `bytes`.
inline std::uint32_t crc32c(std::string_view bytes) { return crc32c_update(0, bytes.data(), bytes.size()); }

// Return `crc` as GCS writes it in x-goog-hash: base64 of the 4 bytes, big-endian.
std::string crc32c_base64(std::uint32_t crc);

// The digests GCS reports for an object in `x-goog-hash`.
struct ObjectDigests {
  std::string md5_base64;    // base64 of the 16 raw MD5 bytes
  std::string crc32c_base64; // base64 of the big-endian CRC-32C

  // Return the header value "crc32c=<b64>,md5=<b64>".
  [[nodiscard]] std::string header_value() const { return "crc32c=" + crc32c_base64 + ",md5=" + md5_base64; }
};

// Compute the digests of the file at `path`, reading it in large blocks.
util::Result<ObjectDigests> digest_file(const std::filesystem::path& path);

// Remember file digests by path, size and mtime, so multi-GB objects are hashed once.
class DigestCache {
public:
  // Return the digests of `path`, computing them when the file is new or changed.
  util::Result<ObjectDigests> get(const std::filesystem::path& path);

private:
  std::mutex m_mutex;
  std::map<std::string, ObjectDigests> m_digests; // key: path, size and mtime
};

} // namespace fk::fake_kaggle
