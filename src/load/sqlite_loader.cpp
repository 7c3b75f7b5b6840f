#include "load/sqlite_loader.hpp"

#include "load/cell_value.hpp"
#include "load/names.hpp"
#include "load/rejected_writer.hpp"
#include "load/sqlite_db.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/signals.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>

namespace fk::load {

namespace {

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

util::Error stopped(const std::string& what) {
  return util::make_error(util::ErrorKind::interrupted, what + " stopped", "a stop signal arrived",
                          "run the command again; the previous database was left in place");
}

// Load the records of one file into `table`, one row per record, rejecting what does not fit.
class TableLoader {
public:
  TableLoader(Database& db, const TableSource& source, const csv::ScanOptions& scan, RejectedWriter& rejected)
      : m_db(db), m_source(source), m_scan(scan), m_rejected(rejected) {
    for (const csv::ColumnProfile& column : source.profile->columns) {
      m_names.push_back(column.name);
      m_types.push_back(sql_type_for(column.type));
    }
  }

  // Create `table` and fill it; a read failure is returned as a `failed` message, other failures as errors.
  util::Result<std::string> run(const std::string& table, TableLoad& row) {
    const std::vector<std::string> columns = derive_column_names(m_names);
    std::string create = "CREATE TABLE " + quote_identifier(table) + " (";
    std::string insert = "INSERT INTO " + quote_identifier(table) + " VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      create += (i == 0 ? "" : ", ") + quote_identifier(columns[i]) + " " + std::string(sql_type_name(m_types[i]));
      insert += i == 0 ? "?" : ", ?";
    }
    if (auto created = m_db.exec(create + ")"); !created) return created.error();
    auto statement = m_db.prepare(insert + ")");
    if (!statement) return statement.error();
    m_insert = std::move(*statement);
    return read_file(row);
  }

private:
  util::Result<std::string> read_file(TableLoad& row) {
    const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(m_source.source.c_str(), "rbe"));
    if (!file) return "cannot open " + m_source.source.string() + ": " + util::errno_text(errno);
    csv::ScanOptions options = m_scan;
    options.delimiter = m_source.profile->dialect.delimiter;
    options.quote_char = m_source.profile->dialect.quote_char;
    options.header_row = m_source.profile->dialect.header_row;
    csv::Scanner scanner(options);
    scanner.on_record([this](std::uint64_t number, std::span<const std::string_view> fields) {
      if (!m_error) on_record(number, fields);
    });
    const auto buffer = std::make_unique<char[]>(k_load_block);
    for (;;) {
      if (util::stop_requested()) return stopped("loading " + m_source.source.string());
      const std::size_t got = std::fread(buffer.get(), 1, k_load_block, file.get());
      if (got == 0 && std::ferror(file.get()) != 0) {
        return "cannot read " + m_source.source.string() + ": " + util::errno_text(errno);
      }
      if (got == 0) break;
      row.bytes += got;
      scanner.feed(std::string_view(buffer.get(), got));
      if (m_error) return *m_error;
    }
    const csv::FileProfile profile = scanner.finish();
    if (!m_error) reject_skipped(profile.records + 1);
    if (m_error) return *m_error;
    row.records_read = profile.records;
    row.loaded = m_loaded;
    row.rejected = m_rejected_count;
    return std::string{};
  }

  // Reject the records the scanner skipped (over-long) before record `next`.
  void reject_skipped(std::uint64_t next) {
    static constexpr std::array<std::string_view, 0> k_none{};
    for (; m_next_record < next && !m_error; ++m_next_record) {
      reject(k_none, "record " + std::to_string(m_next_record) +
                         " is longer than the scanner's record limit; its cells were not kept");
    }
  }

  void reject(std::span<const std::string_view> fields, const std::string& reason) {
    ++m_rejected_count;
    if (auto added = m_rejected.add(fields, reason); !added) m_error = added.error();
  }

  [[nodiscard]] bool is_null(std::string_view cell) const {
    for (const std::string& token : m_scan.null_tokens) {
      if (cell == token) return true;
    }
    return false;
  }

  void on_record(std::uint64_t number, std::span<const std::string_view> fields) {
    reject_skipped(number);
    m_next_record = number + 1;
    if (fields.size() != m_types.size()) {
      reject(fields, "record " + std::to_string(number) + " has " + std::to_string(fields.size()) +
                         " cells, the header has " + std::to_string(m_types.size()));
      return;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const std::string_view cell = fields[i];
      if (is_null(cell)) {
        m_insert.bind_null(index);
      } else if (m_types[i] == SqlType::integer) {
        const auto value = parse_integer(cell);
        if (!value) return reject_value(fields, number, i, "an integer");
        m_insert.bind_integer(index, *value);
      } else if (m_types[i] == SqlType::real) {
        const auto value = parse_number(cell);
        if (!value) return reject_value(fields, number, i, "a number");
        m_insert.bind_real(index, *value);
      } else {
        m_insert.bind_text(index, cell);
      }
    }
    if (auto inserted =
            m_insert.run("cannot insert record " + std::to_string(number) + " of " + m_source.source.string());
        !inserted) {
      m_error = inserted.error();
      return;
    }
    ++m_loaded;
  }

  void reject_value(std::span<const std::string_view> fields, std::uint64_t number, std::size_t field,
                    const char* expected) {
    reject(fields, "record " + std::to_string(number) + " field " + std::to_string(field + 1) + " (" + m_names[field] +
                       "): \"" + std::string(fields[field].substr(0, 80)) + "\" is not " + expected);
  }

  Database& m_db;
  const TableSource& m_source;
  const csv::ScanOptions& m_scan;
  RejectedWriter& m_rejected;
  std::vector<std::string> m_names;
  std::vector<SqlType> m_types;
  Statement m_insert;
  std::optional<util::Error> m_error;
  std::uint64_t m_next_record = 1;
  std::uint64_t m_loaded = 0;
  std::uint64_t m_rejected_count = 0;
};

} // namespace

std::filesystem::path rejected_path(const std::filesystem::path& rejected_dir, const std::string& file) {
  return rejected_dir / std::filesystem::path(file).replace_extension(".csv");
}

util::Result<std::vector<TableLoad>> load_dataset(const DatasetLoad& dataset, const csv::ScanOptions& scan) {
  std::vector<TableLoad> rows;
  bool any_loadable = false;
  for (const TableSource& table : dataset.tables) {
    TableLoad row;
    row.dataset = dataset.ref;
    row.file = table.file;
    row.database = dataset.database.string();
    row.status = table.profile && table.skip_reason.empty() ? "loaded" : "skipped";
    row.message = table.skip_reason;
    any_loadable = any_loadable || row.status == "loaded";
    rows.push_back(std::move(row));
  }
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
    if (auto saved = db->exec("SAVEPOINT load_table"); !saved) return saved.error();
    TableLoader loader(*db, source, scan, *writer);
    auto outcome = loader.run(row.table, row);
    if (!outcome) return outcome.error();
    if (!outcome->empty()) {
      if (auto undone = db->exec("ROLLBACK TO load_table; RELEASE load_table"); !undone) return undone.error();
      row = TableLoad{row.dataset, row.file, row.database, {}, "failed", *outcome, {}, 0, 0, 0, 0, 0.0};
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
