#include "archive/format.hpp"

namespace fk::archive {

namespace {
constexpr std::string_view k_zip_local_header{"PK\x03\x04", 4};
constexpr std::string_view k_zip_empty_end{"PK\x05\x06", 4};
constexpr std::string_view k_gzip_magic{"\x1f\x8b", 2};
constexpr std::size_t k_tar_magic_offset = 257;
constexpr std::string_view k_tar_magic{"ustar", 5}; // followed by "\0" "00" (POSIX) or "  \0" (GNU)
} // namespace

Format detect_format(std::string_view first_bytes) noexcept {
  if (first_bytes.starts_with(k_zip_local_header) || first_bytes.starts_with(k_zip_empty_end)) return Format::zip;
  if (first_bytes.starts_with(k_gzip_magic)) return Format::gzip;
  if (first_bytes.size() >= k_tar_magic_offset + k_tar_magic.size() &&
      first_bytes.substr(k_tar_magic_offset, k_tar_magic.size()) == k_tar_magic) {
    return Format::tar;
  }
  return Format::raw;
}

std::string_view format_name(Format format) noexcept {
  switch (format) {
  case Format::zip:
    return "zip";
  case Format::gzip:
    return "gzip";
  case Format::tar:
    return "tar";
  case Format::raw:
    return "raw";
  }
  return "raw";
}

} // namespace fk::archive
