#pragma once

#include "util/byte_channel.hpp"
#include "util/error.hpp"

#include <any>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fk::archive {

// Return the next chunk of a byte stream: a chunk, an empty optional at the end of the stream,
// or an Error when the source failed (the network dropped, the producer aborted).
using ChunkSource = std::function<util::Result<std::optional<std::string>>()>;

// Return a ChunkSource that pops chunks from `channel` and turns an abort into its Error.
ChunkSource pull_from(util::ByteChannel& channel);

// See every extracted file's bytes as they are written, e.g. to count CSV records in the same pass.
class EntryObserver {
public:
  virtual ~EntryObserver() = default;
  // Start a file at `relative_path` (below the destination, '/'-separated, bytes as stored).
  virtual void begin_entry(std::string_view relative_path) = 0;
  // Take the next `bytes` of the current file; they are only valid during the call.
  virtual void data(std::string_view bytes) = 0;
  // Finish the current file and return what was computed; it lands in EntryResult::observed.
  virtual std::any end_entry() = 0;

protected:
  EntryObserver() = default;
  EntryObserver(const EntryObserver&) = default;
  EntryObserver(EntryObserver&&) = default;
  EntryObserver& operator=(const EntryObserver&) = default;
  EntryObserver& operator=(EntryObserver&&) = default;
};

// Bound what one archive may do to the disk and say how it is named in errors.
//
// A zip bomb is stopped by absolute sizes, not by how well data compresses (sparse or one-hot CSVs
// compress a thousand times, like a bomb): the total written, each entry's size (never beyond the
// size its header declares, nor beyond `max_entry_bytes`; a declared size too large for a limit or
// for the free space is refused before a byte of it is written) and the free space left on the
// destination's volume. The compression ratio is only an opt-in check per entry.
struct ExtractOptions {
  std::string source_name = "archive";          // names the archive in errors (a dataset ref or URL)
  std::uint64_t max_total_bytes = 64ULL << 30U; // stop once this many uncompressed bytes were written
  std::uint64_t max_entry_bytes = 64ULL << 30U; // refuse an entry that declares or writes more than this
  // Stop before the destination's volume has less than this free (nullopt: no check).
  std::optional<std::uint64_t> min_free_bytes = 64ULL << 20U;
  // Opt-in (0: off): stop an entry that writes more than this many times its compressed bytes.
  double max_ratio = 0;
  std::uint64_t ratio_grace_bytes = 1ULL << 20U; // check an entry's ratio only once it wrote this much
  std::uint64_t max_entries = 1'000'000;         // refuse archives with more entries than this
  std::size_t max_path_bytes = 4096;             // refuse longer entry names
  bool sync = true;                              // fsync every file and folder before returning
};

// Describe one file that was written.
struct EntryResult {
  std::string path; // relative to the destination, '/'-separated, the archive's bytes (UTF-8 as stored)
  std::uint64_t bytes = 0;
  std::string sha256; // lower-case hex of the bytes written
  std::any observed;  // what EntryObserver::end_entry returned; empty without an observer
};

// Describe a finished extraction.
struct ExtractSummary {
  std::vector<EntryResult> files;     // in order of first appearance; a duplicate replaces its earlier entry
  std::vector<std::string> warnings;  // duplicates, replaced files and libarchive warnings, one line each
  std::uint64_t entries = 0;          // archive entries read, folders and duplicates included
  std::uint64_t bytes_written = 0;    // sum of `files[i].bytes` (a replaced duplicate is not counted)
  std::uint64_t compressed_bytes = 0; // bytes read from the source, to its end
};

// Extract the zip or tar (optionally compressed) stream that `pull` yields into `dest_dir` in one pass.
//
// Every regular file is written below `dest_dir` (mode 0644, folders 0755, nothing taken from the
// archive's modes or owners) and hashed while it is written; `observer` (may be null) sees its
// bytes too. Refused with a validation Error, before anything of that entry is written: absolute
// names, ".." components, symbolic and hard links (all of them, wherever they point), devices,
// FIFOs and sockets, and names longer than the limit. The size limits and the free-space check
// (see ExtractOptions) stop a zip bomb before the disk fills. A stop request (SIGINT/SIGTERM) ends it with an interrupted Error. On success the
// source has been read to its end; on failure `dest_dir` may hold partial files (discard it)
// and the caller should abort its producer (e.g. ByteChannel::abort) so it does not block.
util::Result<ExtractSummary> extract_stream(const ChunkSource& pull, const std::filesystem::path& dest_dir,
                                            const ExtractOptions& options = {}, EntryObserver* observer = nullptr);

// Write the stream that `pull` yields to `dest_file` as it is (a raw, not archived download),
// hashing it and showing it to `observer` (may be null) under the file's name; `sync` fsyncs it.
util::Result<EntryResult> store_stream(const ChunkSource& pull, const std::filesystem::path& dest_file,
                                       EntryObserver* observer = nullptr, bool sync = true);

} // namespace fk::archive
