#pragma once

#include "archive/file_tail.hpp"
#include "archive/tar_writer.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fk::archive {

// Everything read back from an archive file: each member's digest, and the bytes of the members asked for.
struct ArchiveDigest {
  std::vector<MemberDigest> members;           // in archive order
  std::map<std::string, std::string> captured; // member name -> its bytes, for the names asked for
};

// Read the tar (gzip, zstd or uncompressed) file at `path` to its end, taking every file member's
// CRC-32 (and its SHA-256 when `sha256`) and keeping the bytes of members named in `capture` (small
// files such as a manifest). A member that is neither a file nor a folder, or an unreadable or
// truncated stream, is an integrity Error.
util::Result<ArchiveDigest> digest_members(const std::filesystem::path& path, const std::set<std::string>& capture = {},
                                           bool sha256 = true);

// Read the archive that `read` hands out (named `name` in errors) as digest_members() reads a file;
// archive reads back the file it is still writing this way, through a FileTail.
util::Result<ArchiveDigest> digest_stream(const ReadFn& read, const std::string& name,
                                          const std::set<std::string>& capture = {}, bool sha256 = true);

} // namespace fk::archive
