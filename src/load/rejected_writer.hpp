#pragma once

#include "util/atomic_file.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fk::load {

// Collect the rows of one CSV file that could not be loaded into rejected/<file>.rejected.csv: the original
// cells plus a `_reason` column, RFC 4180 quoting, written atomically. Nothing is created until the
// first row; commit() with no rows removes a file left by an earlier run.
class RejectedWriter {
public:
  // Write to `target`; `labels` are the input's labels (the header is labels plus `_reason`).
  RejectedWriter(std::filesystem::path target, std::vector<std::string> labels);

  // Add one rejected row.
  util::Status add(std::span<const std::string_view> cells, std::string_view reason);

  // Publish the file (or remove a stale one when no row was rejected).
  util::Status commit();

  // Return the number of rows added.
  [[nodiscard]] std::uint64_t rows() const noexcept { return m_rows; }

  // Return the file's path.
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_target; }

private:
  util::Status flush();

  std::filesystem::path m_target;
  std::vector<std::string> m_labels;
  std::optional<util::AtomicFile> m_file;
  std::string m_buffer;
  std::uint64_t m_rows = 0;
};

// Append `cell` to `out` as one CSV field, quoted when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, std::string_view cell);

} // namespace fk::load
