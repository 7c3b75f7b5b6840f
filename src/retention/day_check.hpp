#pragma once

#include "archive/tar_writer.hpp"
#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "report/download_manifest.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fk::retention {

// One difference between stored bytes and what their manifest or checksum says.
struct Mismatch {
  std::string path;   // the file or member, e.g. "raw/20261120/owner/slug/a.csv" or an archive's path
  std::string code;   // missing-file | byte-count | hash-count | checksum | no-checksum | unreadable | no-manifest
  std::string detail; // expected and found values
};

// Compare `members` (read from an archive or from raw/D) with every file of the manifest's
// downloaded datasets, expected as "raw/<day>/<ref>/<path>"; return every difference.
std::vector<Mismatch> compare_with_manifest(const report::DownloadManifest& manifest, const layout::Day& day,
                                            const std::vector<archive::MemberDigest>& members);

// Re-hash every file raw/D's manifest lists and return every difference (not_found without raw/D).
util::Result<std::vector<Mismatch>> verify_raw_day(const layout::Layout& layout, const layout::Day& day);

// Where a day's archive stands on disk.
struct ArchiveFiles {
  std::optional<std::filesystem::path> archive;  // the archive file, in either format
  bool checksum = false;                         // its checksum file exists beside it
  std::optional<std::filesystem::path> orphan_checksum; // a checksum file without its archive
};

// Look for the day's archive in both formats (temporaries are never considered).
ArchiveFiles find_archive(const layout::Layout& layout, const layout::Day& day);

// What checking one archive found.
struct ArchiveCheck {
  std::vector<Mismatch> mismatches;
  std::string manifest_sha256; // of the manifest inside, to tell whether raw/D changed since
  std::uint64_t members = 0;
};

// Check the archive file at `archive` of `day`: its checksum file, that it reads to its end, and
// every member against the manifest inside it. Problems come back as mismatches; the Error is a stop request.
util::Result<ArchiveCheck> verify_archive(const std::filesystem::path& archive, const layout::Day& day);

} // namespace fk::retention
