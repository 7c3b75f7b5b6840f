#pragma once

#include "csv/profile.hpp"
#include "csv/scanner.hpp"
#include "process/contract.hpp"
#include "process/plan.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fk::process {

// Read files in blocks of this size: one pass feeds both the hash and the CSV scanner.
inline constexpr std::size_t k_read_block = std::size_t{1} << 20;

// One disagreement between a raw file and its manifest entry.
//   byte-count    the file's size differs from the manifest's
//   hash-count    the file's sha256 differs from the manifest's
//   missing-file  the file listed in the manifest is not on disk
struct IntegrityIssue {
  std::string code;
  std::string message;
};

// What re-checking (and scanning) one raw file found.
struct FileResult {
  std::string path; // relative to the dataset folder, exact bytes
  bool is_csv = false;
  std::uint64_t expected_bytes = 0; // from the manifest
  std::string expected_sha256;
  std::uint64_t bytes = 0; // found on disk
  std::string sha256;      // found on disk; empty when the file is missing
  std::vector<IntegrityIssue> integrity;
  std::optional<csv::FileProfile> profile; // a CSV whose bytes match the manifest; otherwise unset
  std::string schema;                      // the Table Schema file it was checked against; empty: inferred

  // Return true when the file's size and sha256 match the manifest.
  [[nodiscard]] bool intact() const noexcept { return integrity.empty(); }
};

// Re-check `file` against its manifest entry and, when it is a CSV of the right size, scan it with
// `options` in the same streaming pass (k_read_block reads). A size mismatch skips the scan; a hash
// mismatch, known only at the end, drops the profile. A missing file is reported as missing-file.
// With a `contract`, the records are also checked against it (its missingValues replace the null
// tokens, and its types replace the inferred ones in the profile).
// Fails only when the file cannot be read (permission, I/O error) or a stop was requested.
util::Result<FileResult> check_file(const PlannedFile& file, const csv::ScanOptions& options,
                                    const TableContract* contract = nullptr);

} // namespace fk::process
