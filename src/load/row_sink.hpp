#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace fk::load {

// Receive the checked rows of one table, cell by cell: the SQLite and the PostgreSQL targets
// implement it, the shared reader (table_reader.hpp) decides what is a row and what is rejected.
class RowSink {
public:
  RowSink() = default;
  RowSink(const RowSink&) = delete;
  RowSink& operator=(const RowSink&) = delete;
  // Destroy the sink.
  virtual ~RowSink() = default;

  // Start a row.
  virtual void begin_row() = 0;

  // Set the 0-based `column` of the current row to NULL.
  virtual void add_null(std::size_t column) = 0;

  // Convert `cell` for the 0-based `column`; return false when it does not fit the column's type.
  virtual bool add_value(std::size_t column, std::string_view cell) = 0;

  // Forget the current row (one of its cells did not fit).
  virtual void discard_row() = 0;

  // Store the current row; an error stops the load.
  virtual util::Status end_row() = 0;

  // Describe what `column` accepts, for rejection reasons: "an integer", "a date", ...
  [[nodiscard]] virtual std::string expected(std::size_t column) const = 0;
};

} // namespace fk::load
