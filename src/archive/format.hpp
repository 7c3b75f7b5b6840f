#pragma once

#include <cstddef>
#include <string_view>

namespace fk::archive {

// Say what a downloaded stream holds, judged by its first bytes rather than its name.
enum class Format {
  zip,  // a zip archive (also an empty one)
  gzip, // gzip-compressed data: a .tar.gz, or a single compressed file
  tar,  // an uncompressed POSIX (ustar) tar archive
  raw,  // anything else: store the bytes as they are
};

// Bytes detect_format needs to see to recognise every format (a tar's magic sits at offset 257).
inline constexpr std::size_t k_detect_bytes = 512;

// Return the format of a stream whose first bytes are `first_bytes` (pass k_detect_bytes or all there is).
Format detect_format(std::string_view first_bytes) noexcept;

// Return the lower-case name of `format` ("zip", "gzip", "tar", "raw").
std::string_view format_name(Format format) noexcept;

} // namespace fk::archive
