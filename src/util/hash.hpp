#pragma once

#include "util/error.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fk::util {

// Compute a message digest incrementally with OpenSSL (SHA-NI accelerated where the CPU has it).
class Hasher {
public:
  enum class Algorithm { sha256, md5 };

  // Start a new digest with `algorithm`.
  explicit Hasher(Algorithm algorithm);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  // Add `bytes` to the digest.
  void update(std::string_view bytes);
  void update(const void* data, std::size_t size);

  // Finish and return the raw digest bytes; the hasher is reset for reuse.
  std::string finish_raw();

  // Finish and return the digest as lower-case hex.
  std::string finish_hex();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Return the lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// Return the lower-case hex SHA-256 of the file at `path`, reading it in large blocks and handing
// each block to `sink` when one is given (a sink error stops the read and is returned).
Result<std::string> sha256_file(const std::filesystem::path& path,
                                const std::function<Status(std::string_view)>& sink = nullptr);

// Return the bytes that `hex` (two hex digits per byte, either case) spells; nullopt if it is not hex.
std::optional<std::string> from_hex(std::string_view hex);

// Return `bytes` as lower-case hex.
std::string to_hex(std::string_view bytes);

// Return `bytes` encoded as standard base64 with padding.
std::string base64_encode(std::string_view bytes);

// Decode standard base64 (padding optional); nullopt when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace fk::util
