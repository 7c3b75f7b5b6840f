#include "load/sqlite_loader.hpp"

#include "load/cell_value.hpp"
#include "load/names.hpp"
#include "load/rejected_writer.hpp"
#include "load/row_sink.hpp"
#include "load/sqlite_db.hpp"
#include "load/table_check.hpp"
#include "load/table_reader.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <chrono>
#include <memory>
#include <set>

namespace fk::load {

namespace {

// Insert the checked rows of one table with one prepared statement.
class SqliteSink final : public RowSink {
public:
  explicit SqliteSink(const csv::FileProfile& profile, std::string what) : m_what(std::move(what)) {
    for (const csv::ColumnProfile& column : profile.columns) m_types.push_back(sql_type_for(column.type));
  }

  // Create `table` with the profile's labels and types and prepare the insert.
  util::Status create(Database& db, const std::string& table, const std::vector<std::string>& labels) {
    const std::vector<std::string> columns = derive_column_names(labels);
    std::string create = "CREATE TABLE " + quote_identifier(table) + " (";
    std::string insert = "INSERT INTO " + quote_identifier(table) + " VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      create += (i == 0 ? "" : ", ") + quote_identifier(columns[i]) + " " + std::string(sql_type_name(m_types[i]));
      insert += i == 0 ? "?" : ", ?";
    }
    if (auto created = db.exec(create + ")"); !created) return created.error();
    auto statement = db.prepare(insert + ")");
    if (!statement) return statement.error();
    m_insert = std::move(*statement);
    return util::Ok{};
  }

  void begin_row() override { ++m_row; }

  void add_null(std::size_t column) override { m_insert.bind_null(index(column)); }

  bool add_value(std::size_t column, std::string_view cell) override {
    if (m_types[column] == SqlType::integer) {
      const auto value = parse_integer(cell);
      if (value) m_insert.bind_integer(index(column), *value);
      return value.has_value();
    }
    if (m_types[column] == SqlType::real) {
      const auto value = parse_number(cell);
      if (value) m_insert.bind_real(index(column), *value);
      return value.has_value();
    }
    m_insert.bind_text(index(column), cell);
    return true;
  }

  void discard_row() override {}

  util::Status end_row() override { return m_insert.run("cannot insert row " + std::to_string(m_row) + " of " + m_what); }

  [[nodiscard]] std::string expected(std::size_t column) const override {
    return std::string(m_types[column] == SqlType::integer ? k_exact_integer : k_exact_number);
  }

private:
  static int index(std::size_t column) { return static_cast<int>(column + 1); }

  std::string m_what;
  std::vector<SqlType> m_types;
  Statement m_insert;
  std::uint64_t m_row = 0;
};

// Return true when `error` concerns one table only (its names, shape or values made SQLite refuse
// it): that table fails, the others load. Anything else (disk full, I/O, a stop) ends the run.
bool table_scoped(const util::Error& error) {
  return error.kind == util::ErrorKind::validation;
}

} // namespace

util::Result<std::vector<TableLoad>> load_dataset(const DatasetLoad& dataset, const csv::ScanOptions& scan) {
  bool any_loadable = false;
  std::vector<TableLoad> rows = initial_rows(dataset, dataset.database.string(), "sqlite", any_loadable);
  if (!any_loadable) return rows;

  if (auto created = util::create_directories(dataset.database.parent_path()); !created) return created.error();
  auto temp = util::AtomicFile::create(dataset.database);
  if (!temp) return temp.error();
  auto db = Database::open(temp->temp_path());
  if (!db) return db.error();
  if (auto set = db->exec("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; BEGIN"); !set) return set.error();

  std::set<std::string> used_names;
  std::vector<std::unique_ptr<RejectedWriter>> rejected;
  for (std::size_t i = 0; i < dataset.tables.size(); ++i) {
    TableLoad& row = rows[i];
    if (row.status != "loaded") continue;
    const TableSource& source = dataset.tables[i];
    const auto started = std::chrono::steady_clock::now();
    row.table = derive_table_name(source.file, used_names);
    auto writer =
        std::make_unique<RejectedWriter>(rejected_path(dataset.rejected_dir, source.file), source.profile->labels);
    const std::string unloadable =
        unloadable_reason(source, static_cast<std::size_t>(db->column_limit()), "SQLite",
                          " (SQLITE_MAX_COLUMN, 2000 unless SQLite was built with another limit)");
    if (!unloadable.empty()) {
      row = failed_row(row, unloadable);
      continue;
    }
    if (auto saved = db->exec("SAVEPOINT load_table"); !saved) return saved.error();
    // Undo the table (a savepoint: the database keeps the other tables) and report it failed.
    const auto fail = [&](const std::string& message) -> util::Status {
      if (auto undone = db->exec("ROLLBACK TO load_table; RELEASE load_table"); !undone) return undone.error();
      row = failed_row(row, message);
      return util::Ok{};
    };
    std::vector<std::string> labels;
    for (const csv::ColumnProfile& column : source.profile->columns) labels.push_back(column.name);
    SqliteSink sink(*source.profile, source.source.string());
    util::Status created = sink.create(*db, row.table, labels);
    util::Result<std::string> outcome =
        created ? read_table(source, scan, sink, *writer, row) : util::Result<std::string>(created.error());
    if (!outcome && !table_scoped(outcome.error())) return outcome.error();
    if (!outcome || !outcome->empty()) {
      const std::string why = outcome ? *outcome
                                      : util::make_error(util::ErrorKind::validation,
                                                         "cannot load " + source.file + " into table " + row.table,
                                                         outcome.error().why, outcome.error().fix)
                                            .message();
      if (auto failed = fail(why); !failed) return failed.error();
      continue;
    }
    if (auto released = db->exec("RELEASE load_table"); !released) return released.error();
    if (writer->rows() > 0) row.rejected_file = writer->path().string();
    row.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    rejected.push_back(std::move(writer));
  }
  if (auto committed = db->exec("COMMIT"); !committed) return committed.error();
  if (auto closed = db->close(); !closed) return closed.error();
  if (auto published = temp->commit(); !published) return published.error();
  for (const auto& writer : rejected) {
    if (auto written = writer->commit(); !written) return written.error();
  }
  return rows;
}

} // namespace fk::load
