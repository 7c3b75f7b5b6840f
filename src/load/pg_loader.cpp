#include "load/pg_loader.hpp"

#include "load/names.hpp"
#include "load/pg_binary.hpp"
#include "load/pg_values.hpp"
#include "load/rejected_writer.hpp"
#include "load/row_sink.hpp"
#include "load/table_check.hpp"
#include "load/table_reader.hpp"

#include <chrono>
#include <memory>
#include <set>

namespace fk::load {

namespace {

// The most columns a PostgreSQL table can have (MaxHeapAttributeNumber).
constexpr std::size_t k_pg_max_columns = 1600;

// Send a COPY message once the buffer holds this much.
constexpr std::size_t k_copy_message = std::size_t{1} << 20;

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// Turn checked rows into COPY binary-format rows: _day, _version, then the cells.
class PgSink final : public RowSink {
public:
  PgSink(PgConnection& pg, std::vector<PgType> types, std::string prefix, bool check_utf8)
      : m_pg(pg), m_types(std::move(types)), m_prefix(std::move(prefix)), m_check_utf8(check_utf8) {
    m_buffer.reserve(k_copy_message + (std::size_t{64} << 10));
    m_buffer += pg_binary_header();
  }

  void begin_row() override {
    m_row_start = m_buffer.size();
    m_buffer += m_prefix;
  }

  void add_null(std::size_t /*column*/) override { append_pg_null(m_buffer); }

  bool add_value(std::size_t column, std::string_view cell) override {
    return append_pg_binary(m_buffer, m_types[column], cell, m_check_utf8);
  }

  void discard_row() override { m_buffer.resize(m_row_start); }

  util::Status end_row() override { return m_buffer.size() >= k_copy_message ? flush() : util::Status(util::Ok{}); }

  // Send the end of the data and what is still buffered.
  util::Status finish() {
    append_pg_binary_trailer(m_buffer);
    return flush();
  }

  [[nodiscard]] std::string expected(std::size_t column) const override {
    return std::string(pg_expected(m_types[column]));
  }

  // Send what is buffered.
  util::Status flush() {
    if (m_buffer.empty()) return util::Ok{};
    auto sent = m_pg.copy_put(m_buffer);
    m_buffer.clear();
    return sent;
  }

private:
  PgConnection& m_pg;
  std::vector<PgType> m_types;
  std::string m_prefix;
  bool m_check_utf8;
  std::string m_buffer;
  std::size_t m_row_start = 0;
};

// Create the dataset's schema, or check that an existing one is this dataset's (by its comment).
util::Status ensure_schema(PgConnection& pg, const std::string& schema, const std::string& ref) {
  const std::string marker = "fetch-kaggle dataset " + ref;
  auto found =
      pg.query("SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace WHERE nspname = $1",
               {schema}, "cannot look up schema " + schema);
  if (!found) return found.error();
  if (found->empty()) {
    return pg.exec("CREATE SCHEMA " + quote_identifier(schema) + "; COMMENT ON SCHEMA " + quote_identifier(schema) +
                       " IS " + quote_literal(marker),
                   "cannot create schema " + schema);
  }
  const std::string comment = found->front().front().value_or("");
  if (comment == marker) return util::Ok{};
  return util::make_error(
      util::ErrorKind::usage, "cannot load dataset " + ref + " into schema " + schema + " on " + pg.display(),
      "the schema exists and is not this dataset's (its comment is \"" + comment + "\", expected \"" + marker + "\")",
      "rename or drop that schema, or load into another database; nothing was changed");
}

struct Column {
  std::string name;
  std::string type;
};

std::string describe(const Column& column) {
  return quote_identifier(column.name) + " " + column.type;
}

// Create the table when missing; return a message when an existing one has other columns.
util::Result<std::string> ensure_table(PgConnection& pg, const std::string& qualified, const std::string& file,
                                       const std::vector<Column>& want) {
  auto found = pg.query("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                        "to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                        {qualified}, "cannot look up table " + qualified);
  if (!found) return found.error();
  if (found->empty()) {
    std::string create = "CREATE TABLE " + qualified + " (";
    for (std::size_t i = 0; i < want.size(); ++i) {
      create += (i == 0 ? "" : ", ") + describe(want[i]) + (i < 2 ? " NOT NULL" : ""); // _day, _version
    }
    if (auto created = pg.exec(create + "); CREATE INDEX ON " + qualified + " USING brin (_day)",
                               "cannot create table " + qualified);
        !created) {
      return created.error();
    }
    return std::string{};
  }
  for (std::size_t i = 0; i < std::max(found->size(), want.size()); ++i) {
    const std::string have =
        i < found->size() ? describe({(*found)[i][0].value_or(""), (*found)[i][1].value_or("")}) : "nothing";
    const std::string give = i < want.size() ? describe(want[i]) : "nothing";
    if (have == give) continue;
    return util::make_error(util::ErrorKind::validation, "cannot load " + file + " into table " + qualified,
                            "the table's columns differ from the file's: column " + std::to_string(i + 1) + " is " +
                                have + " in the table and " + give + " from the file (" +
                                std::to_string(found->size()) + " columns in the table, " +
                                std::to_string(want.size()) + " for the file)",
                            "the table was left as it was; rename it (ALTER TABLE " + qualified +
                                " RENAME TO ...) or migrate its columns, then run process again")
        .message();
  }
  return std::string{};
}

// Return true when `error` concerns one table only: the server refused a statement for it (an
// SQLSTATE other than connection, resources, permission, operator intervention) and the connection
// is still up. Anything else ends the run.
bool table_scoped(const util::Error& error) {
  return error.kind == util::ErrorKind::internal || error.kind == util::ErrorKind::validation;
}

} // namespace

util::Result<std::vector<TableLoad>> load_dataset_postgres(PgConnection& pg, const DatasetLoad& dataset,
                                                           std::string_view day, const csv::ScanOptions& scan) {
  bool any_loadable = false;
  std::vector<TableLoad> rows = initial_rows(dataset, pg.display(), "postgresql", any_loadable);
  const std::string schema = pg_schema_name(dataset.ref);
  for (TableLoad& row : rows)
    row.schema = schema;
  if (!any_loadable) return rows;

  // Whatever leaves this function early leaves the transaction rolled back.
  bool open = false;
  const auto rollback = [&pg](bool* is_open) {
    if (*is_open) (void)pg.exec("ROLLBACK", "cannot roll back");
  };
  const std::unique_ptr<bool, decltype(rollback)> guard(&open, rollback);
  if (auto begun = pg.exec("BEGIN", "cannot begin a transaction"); !begun) return begun.error();
  open = true;
  if (auto locked = pg.query("SELECT pg_advisory_xact_lock(hashtext($1))", {"fetch-kaggle:" + schema},
                             "cannot lock schema " + schema);
      !locked) {
    return locked.error();
  }
  if (auto ensured = ensure_schema(pg, schema, dataset.ref); !ensured) return ensured.error();

  std::set<std::string> used_names;
  std::set<std::string> used_pg_names;
  std::vector<std::unique_ptr<RejectedWriter>> rejected;
  if (dataset.version < 0 || dataset.version > INT32_MAX) {
    return util::make_error(util::ErrorKind::validation, "cannot load " + dataset.ref + " into PostgreSQL",
                            "its version " + std::to_string(dataset.version) + " does not fit the _version column",
                            "report it: Kaggle versions are small numbers");
  }
  const auto number = [&](std::size_t at, std::size_t count) { return std::stoi(std::string(day.substr(at, count))); };
  const std::int32_t day_key = number(0, 4) * 10000 + number(5, 2) * 100 + number(8, 2); // day is YYYY-MM-DD
  for (std::size_t i = 0; i < dataset.tables.size(); ++i) {
    TableLoad& row = rows[i];
    if (row.status != "loaded") continue;
    const TableSource& source = dataset.tables[i];
    const auto started = std::chrono::steady_clock::now();
    row.table = fit_identifier(derive_table_name(source.file, used_names), used_pg_names);
    const std::string qualified = quote_identifier(schema) + "." + quote_identifier(row.table);
    std::vector<std::string> labels;
    std::vector<PgType> types;
    for (const csv::ColumnProfile& column : source.profile->columns) {
      labels.push_back(column.name);
      types.push_back(pg_type_for(column));
    }
    const std::vector<std::string> names = pg_column_names(labels);
    std::vector<Column> columns{{"_day", "date"}, {"_version", "integer"}};
    std::string copy = "COPY " + qualified + " (_day, _version";
    for (std::size_t c = 0; c < names.size(); ++c) {
      columns.push_back({names[c], std::string(pg_type_name(types[c]))});
      copy += ", " + quote_identifier(names[c]);
    }
    copy += ") FROM STDIN (FORMAT binary)";
    std::string prefix; // each row starts with its field count, _day and _version
    append_pg_field_count(prefix, static_cast<std::uint16_t>(2 + names.size()));
    append_pg_date(prefix, day_key);
    append_pg_int4(prefix, static_cast<std::int32_t>(dataset.version));

    const std::string unloadable = unloadable_reason(source, k_pg_max_columns - 2, "PostgreSQL",
                                                     " (PostgreSQL's limit is 1600 columns per table, 2 of them "
                                                     "_day and _version)");
    if (!unloadable.empty()) {
      row = failed_row(row, unloadable);
      continue;
    }
    if (auto saved = pg.exec("SAVEPOINT load_table", "cannot set a savepoint"); !saved) return saved.error();
    const auto fail = [&](const std::string& message) -> util::Status {
      if (auto undone = pg.exec("ROLLBACK TO SAVEPOINT load_table; RELEASE SAVEPOINT load_table",
                                "cannot roll back table " + qualified);
          !undone) {
        return undone.error();
      }
      row = failed_row(row, message);
      return util::Ok{};
    };
    // A statement the server refuses for this table only (its names, shape or values) fails the table.
    const auto refused = [&](const util::Error& error) -> util::Status {
      if (!table_scoped(error)) return error;
      return fail(error.what + ": " + error.why + " (the table was not loaded, the others were)");
    };
    auto mismatch = ensure_table(pg, qualified, source.file, columns);
    if (!mismatch) {
      if (auto failed = refused(mismatch.error()); !failed) return failed.error();
      continue;
    }
    if (!mismatch->empty()) {
      if (auto failed = fail(*mismatch); !failed) return failed.error();
      continue;
    }
    if (auto deleted = pg.query("DELETE FROM " + qualified + " WHERE _day = $1", {std::string(day)},
                                "cannot delete the day's rows of " + qualified);
        !deleted) {
      if (auto failed = refused(deleted.error()); !failed) return failed.error();
      continue;
    }
    if (auto begun = pg.copy_begin(copy, "cannot start COPY into " + qualified); !begun) {
      if (auto failed = refused(begun.error()); !failed) return failed.error();
      continue;
    }
    auto writer =
        std::make_unique<RejectedWriter>(rejected_path(dataset.rejected_dir, source.file), source.profile->labels);
    const bool check_utf8 = source.profile->encoding.first_invalid_byte.has_value();
    PgSink sink(pg, types, prefix, check_utf8);
    auto outcome = read_table(source, scan, sink, *writer, row);
    if (!outcome || !outcome->empty()) pg.copy_abort("fetch-kaggle stopped loading " + qualified);
    if (!outcome) return outcome.error();
    if (outcome->empty()) {
      if (auto flushed = sink.finish(); !flushed) return flushed.error();
      auto ended = pg.copy_end();
      if (!ended) return ended.error();
      if (!ended->empty()) *outcome = "PostgreSQL refused the rows of " + source.file + ": " + *ended;
    }
    if (!outcome->empty()) {
      if (auto failed = fail(*outcome); !failed) return failed.error();
      continue;
    }
    if (auto released = pg.exec("RELEASE SAVEPOINT load_table", "cannot release a savepoint"); !released) {
      return released.error();
    }
    if (writer->rows() > 0) row.rejected_file = writer->path().string();
    row.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    rejected.push_back(std::move(writer));
  }
  if (auto committed = pg.exec("COMMIT", "cannot commit the load of " + dataset.ref); !committed) {
    return committed.error();
  }
  open = false;
  for (const auto& writer : rejected) {
    if (auto written = writer->commit(); !written) return written.error();
  }
  return rows;
}

} // namespace fk::load
