#pragma once

#include "archive/file_tail.hpp"

#include <cstddef>
#include <isa-l/igzip_lib.h>
#include <string>

namespace fk::archive {

// Read a gzip file (one or many members, as ParallelGzip writes them) and hand out its
// uncompressed bytes, inflated with ISA-L (several times faster than zlib) and each member's
// CRC-32 and length checked.
class GzipFileSource {
public:
  // Read the gzip data through `read`, from its first byte.
  explicit GzipFileSource(ReadFn read);

  // Inflate the next block into an internal buffer and point `block` at it; return its size, 0 at
  // the end of the last member, or -1 on damaged or truncated data (error() says why).
  long next(const void** block);

  // Return why next() failed.
  [[nodiscard]] const std::string& error() const noexcept { return m_error; }

private:
  bool fill();

  ReadFn m_read;
  std::string m_input;
  std::string m_output;
  inflate_state m_state{};
  std::size_t m_position = 0; // read position in m_input
  bool m_eof = false;
  bool m_in_member = false;
  std::string m_error;
};

} // namespace fk::archive
