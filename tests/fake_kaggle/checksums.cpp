#include "fake_kaggle/checksums.hpp"

#include "util/fs.hpp"
#include "util/hash.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace fk::fake_kaggle {

namespace {

constexpr std::uint32_t k_castagnoli_reflected = 0x82F63B78U;

// Build the slicing-by-8 tables for CRC-32C once.
std::array<std::array<std::uint32_t, 256>, 8> make_tables() {
  std::array<std::array<std::uint32_t, 256>, 8> tables{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1U) != 0 ? (crc >> 1) ^ k_castagnoli_reflected : crc >> 1;
    tables[0][i] = crc;
  }
  for (std::size_t t = 1; t < 8; ++t) {
    for (std::size_t i = 0; i < 256; ++i) {
      const std::uint32_t previous = tables[t - 1][i];
      tables[t][i] = (previous >> 8) ^ tables[0][previous & 0xFFU];
    }
  }
  return tables;
}

const std::array<std::array<std::uint32_t, 256>, 8>& tables() {
  static const auto k_tables = make_tables();
  return k_tables;
}

} // namespace

std::uint32_t crc32c_update(std::uint32_t crc, const void* data, std::size_t size) {
  const auto& t = tables();
  const auto* bytes = static_cast<const unsigned char*>(data);
  crc = ~crc;
  while (size >= 8) {
    const std::uint32_t low =
        crc ^ (static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
               static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24);
    crc = t[7][low & 0xFFU] ^ t[6][(low >> 8) & 0xFFU] ^ t[5][(low >> 16) & 0xFFU] ^ t[4][low >> 24] ^ t[3][bytes[4]] ^
          t[2][bytes[5]] ^ t[1][bytes[6]] ^ t[0][bytes[7]];
    bytes += 8;
    size -= 8;
  }
  while (size-- > 0)
    crc = (crc >> 8) ^ t[0][(crc ^ *bytes++) & 0xFFU];
  return ~crc;
}

std::string crc32c_base64(std::uint32_t crc) {
  const std::string big_endian{static_cast<char>((crc >> 24) & 0xFFU), static_cast<char>((crc >> 16) & 0xFFU),
                               static_cast<char>((crc >> 8) & 0xFFU), static_cast<char>(crc & 0xFFU)};
  return util::base64_encode(big_endian);
}

util::Result<ObjectDigests> digest_file(const std::filesystem::path& path) {
  util::Hasher md5(util::Hasher::Algorithm::md5);
  std::uint32_t crc = 0;
  util::Status read = util::read_blocks(path, [&](std::string_view block) -> util::Status {
    md5.update(block.data(), block.size());
    crc = crc32c_update(crc, block.data(), block.size());
    return util::Ok{};
  });
  if (!read) return read.error();
  return ObjectDigests{util::base64_encode(md5.finish_raw()), crc32c_base64(crc)};
}

util::Result<ObjectDigests> DigestCache::get(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return util::io_error("cannot stat " + path.string(), errno, path);
  const std::string key = path.string() + '\n' + std::to_string(info.st_size) + '\n' +
                          std::to_string(info.st_mtim.tv_sec) + '.' + std::to_string(info.st_mtim.tv_nsec);
  {
    std::lock_guard lock(m_mutex);
    if (const auto found = m_digests.find(key); found != m_digests.end()) return found->second;
  }
  auto digests = digest_file(path); // outside the lock: two racing requests may both hash, harmlessly
  if (!digests) return digests.error();
  std::lock_guard lock(m_mutex);
  m_digests[key] = *digests;
  return digests;
}

} // namespace fk::fake_kaggle
