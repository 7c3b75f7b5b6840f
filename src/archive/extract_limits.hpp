#pragma once

#include "archive/extract.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace fk::archive {

// Enforce ExtractOptions' limits while one archive is extracted: the total written, each entry's
// declared size and per-entry cap, the free space on the destination's volume, and the opt-in
// per-entry compression ratio. Errors name no subject (`what` is empty): the extractor adds it.
class ExtractLimits {
public:
  // Check against `options`, measuring free space on the volume that holds `volume`.
  ExtractLimits(const ExtractOptions& options, std::filesystem::path volume)
      : m_options(options), m_volume(std::move(volume)) {}

  // Start an entry that declares `declared` bytes (if its header states a size), its data starting
  // at byte `position` of the stream; refuse it, before a byte is written, when the declared size
  // alone breaks a limit or cannot fit in the free space.
  util::Status begin_entry(std::optional<std::uint64_t> declared, std::uint64_t position);

  // Check that `count` more bytes of the current entry may be written, the reader being at byte
  // `position` of the stream, and count them.
  util::Status admit(std::uint64_t count, std::uint64_t position);

  // Return the bytes admitted so far, every entry included.
  [[nodiscard]] std::uint64_t written() const noexcept { return m_written; }

private:
  util::Status check_free_space(std::uint64_t more);

  const ExtractOptions& m_options;
  std::filesystem::path m_volume;
  std::uint64_t m_written = 0;             // every entry
  std::uint64_t m_entry_written = 0;       // the current entry
  std::optional<std::uint64_t> m_declared; // the current entry's declared size
  std::uint64_t m_entry_start = 0;         // stream position where the current entry's data starts
  std::uint64_t m_next_space_check = 0;    // m_written at which free space is measured again
};

} // namespace fk::archive
