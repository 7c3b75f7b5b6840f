#include "archive/gzip_source.hpp"

#include <algorithm>
#include <utility>

namespace fk::archive {

namespace {
constexpr std::size_t k_input_bytes = std::size_t{1} << 20U;
constexpr std::size_t k_output_bytes = std::size_t{1} << 20U;
} // namespace

GzipFileSource::GzipFileSource(ReadFn read) : m_read(std::move(read)), m_output(k_output_bytes, '\0') {
  m_input.reserve(k_input_bytes);
}

bool GzipFileSource::fill() {
  const std::size_t keep = std::min<std::size_t>(m_position, 16); // ISA-L may give back up to 8 bytes
  m_input.erase(0, m_position - keep);
  m_position = keep;
  const std::size_t old = m_input.size();
  m_input.resize(old + k_input_bytes);
  const long got = m_read(m_input.data() + old, k_input_bytes, m_error);
  if (got < 0) {
    m_input.resize(old);
    return false;
  }
  m_input.resize(old + static_cast<std::size_t>(got));
  if (got == 0) m_eof = true;
  return true;
}

long GzipFileSource::next(const void** block) {
  while (true) {
    if (m_position == m_input.size() && !m_eof && !fill()) return -1;
    if (!m_in_member) {
      if (m_position == m_input.size() && m_eof) return 0; // after the last member
      isal_inflate_init(&m_state);
      m_state.crc_flag = ISAL_GZIP; // parse each member's header, check its CRC-32 and length
      m_in_member = true;
    }
    const std::size_t feed = m_input.size() - m_position;
    m_state.next_in = reinterpret_cast<std::uint8_t*>(m_input.data() + m_position);
    m_state.avail_in = static_cast<std::uint32_t>(feed);
    m_state.next_out = reinterpret_cast<std::uint8_t*>(m_output.data());
    m_state.avail_out = static_cast<std::uint32_t>(m_output.size());
    const int result = isal_inflate(&m_state);
    m_position += feed - m_state.avail_in;
    if (result < 0) {
      m_error = result == ISAL_INCORRECT_CHECKSUM
                    ? "a gzip member's CRC-32 does not match its data"
                    : "the gzip data is damaged (ISA-L error " + std::to_string(result) + ")";
      return -1;
    }
    if (m_state.block_state == ISAL_BLOCK_FINISH) {
      // Give back whole bytes read ahead past the member's trailer: they start the next member.
      const auto unread = static_cast<std::size_t>(m_state.read_in_length / 8);
      m_position -= std::min(unread, m_position);
      m_in_member = false;
    }
    const std::size_t made = m_output.size() - m_state.avail_out;
    if (made > 0) {
      *block = m_output.data();
      return static_cast<long>(made);
    }
    if (m_in_member && m_position == m_input.size() && m_eof) {
      m_error = "the gzip data ends in the middle of a member (truncated archive)";
      return -1;
    }
  }
}

} // namespace fk::archive
