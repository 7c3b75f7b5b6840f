#pragma once

#include "csv/scanner.hpp"
#include "load/pg_connection.hpp"
#include "load/table_load.hpp"
#include "util/error.hpp"

#include <string_view>
#include <vector>

namespace fk::load {

// Load every loadable file of `dataset` into PostgreSQL over `pg`, idempotently for `day`
// (YYYY-MM-DD): in ONE transaction, create the dataset's schema (pg_schema_name) and each file's
// table if missing (typed by pg_type_for, plus _day date and _version integer and a BRIN index on
// _day), delete the table's rows of `day`, COPY the file's rows (text format, 1 MiB messages) with
// _day = `day` and _version = dataset.version, then commit. Each table runs under a savepoint: a
// table whose existing columns differ from the file's, or whose rows the server refuses, is rolled
// back to its previous rows and reported `failed`; the others still load. A failure, a stop request
// or a kill rolls the whole dataset back. Rejected rows go to rejected_dir like for SQLite.
util::Result<std::vector<TableLoad>> load_dataset_postgres(PgConnection& pg, const DatasetLoad& dataset,
                                                           std::string_view day, const csv::ScanOptions& scan);

} // namespace fk::load
