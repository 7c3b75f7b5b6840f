#pragma once

#include "archive/extract.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fk::archive {

// Pull the chunks of an archive's byte stream, counting them, and remember why the stream failed.
class Source {
public:
  // Read from `pull`; `first` holds bytes already taken from it (to sniff the format).
  Source(const ChunkSource& pull, std::string first);

  // Return the next non-empty chunk (valid until the next call) or nullopt at the end; a failed
  // source or a stop request gives an Error, which source_error() then also returns.
  util::Result<std::optional<std::string_view>> next();

  // Take the next chunk out (moved, not copied); same results as next().
  util::Result<std::optional<std::string>> take();

  // Read and count the rest of the stream (a zip's central directory) so its producer never blocks.
  util::Status drain(const std::string& name);

  // Return the bytes taken from the source so far.
  [[nodiscard]] std::uint64_t consumed() const noexcept { return m_consumed; }

  // Return the error that ended the stream, if the source (not the archive) failed.
  [[nodiscard]] const std::optional<util::Error>& source_error() const noexcept { return m_error; }

private:
  const ChunkSource* m_pull;
  std::optional<std::string> m_first;
  std::string m_chunk; // the chunk next() returned last, kept alive for the caller
  std::uint64_t m_consumed = 0;
  bool m_ended = false;
  std::optional<util::Error> m_error;
};

// Describe one archive entry's header as a reader saw it.
struct ReadEntry {
  enum class Type { file, folder, hard_link, symbolic_link, other };
  std::string name; // as stored (UTF-8 where the archive says so)
  Type type = Type::file;
  std::string link_target;                    // for links
  std::string type_text;                      // for Type::other, e.g. "a FIFO"
  std::optional<std::uint64_t> declared_size; // the uncompressed size the header states, when it states one
};

// Give one block of an entry's data: `bytes` (valid until the next call) start at `offset`, which
// is past the bytes given so far when a sparse tar entry has a hole there.
struct DataBlock {
  std::string_view bytes;
  std::uint64_t offset = 0;
};

// Read an archive's entries one after another from a Source, in one pass.
//
// Errors name no subject (`what` is empty) unless they come from the source (the network, a stop
// request): the extractor adds which archive and which entry failed.
class EntryReader {
public:
  virtual ~EntryReader() = default;
  // Move to the next entry (skipping the rest of the current one) and describe it; false at the end.
  virtual util::Result<bool> next(ReadEntry& entry) = 0;
  // Return the next block of the current entry's data, or nullopt after its last one.
  virtual util::Result<std::optional<DataBlock>> read() = 0;
  // Return the warnings found since the last call (one line each), and forget them.
  virtual std::vector<std::string> take_warnings() = 0;
  // Return how many bytes of the archive stream the reader has used so far (exact for our zip
  // reader; for libarchive, what it took from the source, which it reads ahead of the entry).
  [[nodiscard]] virtual std::uint64_t position() const = 0;

protected:
  EntryReader() = default;
  EntryReader(const EntryReader&) = default;
  EntryReader(EntryReader&&) = default;
  EntryReader& operator=(const EntryReader&) = default;
  EntryReader& operator=(EntryReader&&) = default;
};

// Return an Error for a damaged archive: `why` it cannot be read, and what to do.
util::Error archive_damaged(std::string why);

// Return an Error for an archive that uses what fetch-kaggle does not read (`why`), and what to do.
util::Error archive_unsupported(std::string why);

} // namespace fk::archive
