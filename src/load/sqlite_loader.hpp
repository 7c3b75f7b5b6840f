#pragma once

#include "csv/profile.hpp"
#include "csv/scanner.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fk::load {

// Read raw CSV files in blocks of this size on the loading pass.
inline constexpr std::size_t k_load_block = std::size_t{1} << 20;

// One file of a dataset to load, or to list as skipped.
struct TableSource {
  std::string file;                        // relative to the dataset folder, exact bytes
  std::filesystem::path source;            // the raw file
  std::optional<csv::FileProfile> profile; // the validation pass's profile: dialect, labels, column types
  std::string skip_reason;                 // non-empty: not loaded (corrupt or invalid file)
};

// One dataset of the day: its database, its rejected-rows folder and its files.
struct DatasetLoad {
  std::string ref;                    // owner/slug
  std::filesystem::path database;     // processed/YYYYMMDD/<owner>/<slug>.sqlite
  std::filesystem::path rejected_dir; // processed/YYYYMMDD/<owner>/<slug>/rejected
  std::vector<TableSource> tables;
};

// What happened to one file: a row of load_summary.json.
struct TableLoad {
  std::string dataset;
  std::string file;
  std::string database;      // the sqlite path
  std::string table;         // empty when skipped
  std::string status;        // loaded | failed | skipped
  std::string message;       // why it was skipped or failed
  std::string rejected_file; // empty when no row was rejected
  std::uint64_t records_read = 0;
  std::uint64_t loaded = 0;
  std::uint64_t rejected = 0;
  std::uint64_t bytes = 0;
  double duration_seconds = 0.0;

  // Return loaded records per second (0 when the duration is 0).
  [[nodiscard]] double records_per_second() const noexcept {
    return duration_seconds > 0.0 ? static_cast<double>(loaded) / duration_seconds : 0.0;
  }
};

// Load every loadable file of `dataset` into a new SQLite database, one table per file, typed
// from its profile, re-reading each file (second pass, k_load_block reads) with `scan`'s null tokens.
// The database is written under a temporary name next to the target, in one transaction, and
// renamed over the target only after COMMIT and close; a failure leaves the old database in place.
// Rows whose cell count or values do not fit go to rejected_dir/<file, extension .csv>.
// No database is written when no file is loadable. Fails on SQLite or output I/O errors and on a
// stop request; a raw file that cannot be read is a `failed` row.
util::Result<std::vector<TableLoad>> load_dataset(const DatasetLoad& dataset, const csv::ScanOptions& scan);

// Return the rejected-rows path for `file`: `rejected_dir`/<file with extension .csv>.
std::filesystem::path rejected_path(const std::filesystem::path& rejected_dir, const std::string& file);

} // namespace fk::load
