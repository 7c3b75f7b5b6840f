#pragma once

#include "csv/scanner.hpp"
#include "load/table_load.hpp"
#include "util/error.hpp"

#include <vector>

namespace fk::load {

// Load every loadable file of `dataset` into a new SQLite database, one table per file, typed
// from its profile, re-reading each file (second pass, k_load_block reads) with `scan`'s null tokens.
// The database is written under a temporary name next to the target, in one transaction, and
// renamed over the target only after COMMIT and close; a failure leaves the old database in place.
// Rows whose cell count or values do not fit go to rejected_dir/<file, extension .csv>.
// No database is written when no file is loadable. Fails on SQLite or output I/O errors and on a
// stop request; a raw file that cannot be read is a `failed` row.
util::Result<std::vector<TableLoad>> load_dataset(const DatasetLoad& dataset, const csv::ScanOptions& scan);

} // namespace fk::load
