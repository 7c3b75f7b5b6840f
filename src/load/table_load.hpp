#pragma once

#include "csv/profile.hpp"

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
  std::filesystem::path database;     // processed/YYYYMMDD/<owner>/<slug>.sqlite (unused for PostgreSQL)
  std::filesystem::path rejected_dir; // processed/YYYYMMDD/<owner>/<slug>/rejected
  std::vector<TableSource> tables;
  std::int64_t version = 0;           // the dataset version the day's files are (PostgreSQL's _version)
};

// What happened to one file: a row of load_summary.json.
struct TableLoad {
  std::string dataset;
  std::string file;
  std::string database;      // the sqlite path, or the PostgreSQL URL without its password
  std::string table;         // empty when skipped
  std::string status;        // loaded | failed | skipped
  std::string message;       // why it was skipped or failed
  std::string rejected_file; // empty when no row was rejected
  std::uint64_t records_read = 0;
  std::uint64_t loaded = 0;
  std::uint64_t rejected = 0;
  std::uint64_t bytes = 0;
  double duration_seconds = 0.0;
  std::string engine = "sqlite"; // sqlite | postgresql
  std::string schema;            // the PostgreSQL schema; empty for SQLite

  // Return loaded records per second (0 when the duration is 0).
  [[nodiscard]] double records_per_second() const noexcept {
    return duration_seconds > 0.0 ? static_cast<double>(loaded) / duration_seconds : 0.0;
  }
};

// Return `row` reset to status failed with `message`: its dataset, file, target and engine kept,
// every count zero.
TableLoad failed_row(const TableLoad& row, std::string message);

// Return the rejected-rows path for `file`: `rejected_dir`/<file>.rejected.csv, the file's whole
// relative path and extension kept, so data.csv, data.tsv and sub/data.csv never share one.
std::filesystem::path rejected_path(const std::filesystem::path& rejected_dir, const std::string& file);

// Return one row per table of `dataset`: status loaded (to be filled) or skipped with its reason,
// `database` and `engine` set; `any_loadable` tells whether some row is loaded.
std::vector<TableLoad> initial_rows(const DatasetLoad& dataset, const std::string& database, const std::string& engine,
                                    bool& any_loadable);

} // namespace fk::load
