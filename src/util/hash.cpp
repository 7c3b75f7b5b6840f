#include "util/hash.hpp"

#include "util/fs.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace fk::util {

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
  const EVP_MD* md = nullptr;
};

Hasher::Hasher(Algorithm algorithm) : m_impl(std::make_unique<Impl>()) {
  m_impl->md = algorithm == Algorithm::sha256 ? EVP_sha256() : EVP_md5();
  m_impl->ctx = EVP_MD_CTX_new();
  if (m_impl->ctx == nullptr || EVP_DigestInit_ex(m_impl->ctx, m_impl->md, nullptr) != 1) {
    throw std::runtime_error("OpenSSL: cannot initialise a digest");
  }
}

Hasher::~Hasher() {
  if (m_impl && m_impl->ctx != nullptr) EVP_MD_CTX_free(m_impl->ctx);
}

Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(const void* data, std::size_t size) {
  if (size > 0) EVP_DigestUpdate(m_impl->ctx, data, size);
}

void Hasher::update(std::string_view bytes) {
  update(bytes.data(), bytes.size());
}

std::string Hasher::finish_raw() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(m_impl->ctx, digest, &length);
  EVP_DigestInit_ex(m_impl->ctx, m_impl->md, nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Hasher::finish_hex() {
  return to_hex(finish_raw());
}

std::string sha256_hex(std::string_view bytes) {
  Hasher hasher(Hasher::Algorithm::sha256);
  hasher.update(bytes);
  return hasher.finish_hex();
}

Result<std::string> sha256_file(const std::filesystem::path& path,
                                const std::function<Status(std::string_view)>& sink) {
  Hasher hasher(Hasher::Algorithm::sha256);
  Status read = read_blocks(path, [&](std::string_view block) -> Status {
    hasher.update(block.data(), block.size());
    return sink ? sink(block) : Status{Ok{}};
  });
  if (!read) return read.error();
  return hasher.finish_hex();
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes += static_cast<char>((high << 4) | low);
  }
  return bytes;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

namespace {
constexpr char k_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
} // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += k_b64[(n >> 18) & 63];
    out += k_b64[(n >> 12) & 63];
    out += k_b64[(n >> 6) & 63];
    out += k_b64[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += k_b64[(n >> 18) & 63];
    out += k_b64[(n >> 12) & 63];
    out += rest == 2 ? k_b64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=')
    text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned accumulator = 0;
  int bits = 0;
  for (char c : text) {
    const int v = b64_value(c);
    if (v < 0) return std::nullopt;
    accumulator = (accumulator << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((accumulator >> bits) & 0xFF);
    }
  }
  return out;
}

} // namespace fk::util
