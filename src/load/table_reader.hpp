#pragma once

#include "csv/scanner.hpp"
#include "load/rejected_writer.hpp"
#include "load/row_sink.hpp"
#include "load/table_load.hpp"
#include "util/error.hpp"

#include <string>

namespace fk::load {

// Read `source`'s raw file a second time (k_load_block reads, the scanner with the dialect of its
// profile and `scan`'s null tokens) and feed every record to `sink`: null tokens as NULL, the other
// cells through add_value. A record whose cell count differs from the header, or with a cell the
// sink refuses, goes to `rejected` with its reason; a record the scanner skipped (over-long) is
// rejected with empty cells. Fills `row`'s records_read, loaded, rejected and bytes.
// Returns an empty string on success, the `failed` message when the raw file cannot be read, and an
// error when the sink or the rejected writer fails or a stop was requested.
util::Result<std::string> read_table(const TableSource& source, const csv::ScanOptions& scan, RowSink& sink,
                                     RejectedWriter& rejected, TableLoad& row);

} // namespace fk::load
