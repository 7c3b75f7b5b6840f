#include "load/table_reader.hpp"
#include "util/fault_points.hpp"

#include "util/fs.hpp"
#include "util/signals.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>

namespace fk::load {

namespace {

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

util::Error stopped(const std::string& what) {
  return util::make_error(util::ErrorKind::interrupted, what + " stopped", "a stop signal arrived",
                          "run the command again; the previous data was left in place");
}

// Check the records of one file and pass the ones that fit to the sink, rejecting the others.
class TableReader {
public:
  TableReader(const TableSource& source, const csv::ScanOptions& scan, RowSink& sink, RejectedWriter& rejected)
      : m_source(source), m_scan(scan), m_sink(sink), m_rejected(rejected) {
    for (const csv::ColumnProfile& column : source.profile->columns) m_names.push_back(column.name);
  }

  util::Result<std::string> run(TableLoad& row) {
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
      util::fault_point("load: read a block");
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

private:
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
    if (fields.size() != m_names.size()) {
      reject(fields, "record " + std::to_string(number) + " has " + std::to_string(fields.size()) +
                         " cells, the header has " + std::to_string(m_names.size()));
      return;
    }
    m_sink.begin_row();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (is_null(fields[i])) {
        m_sink.add_null(i);
      } else if (!m_sink.add_value(i, fields[i])) {
        m_sink.discard_row();
        reject(fields, rejection(number, i, fields[i]));
        return;
      }
    }
    if (auto stored = m_sink.end_row(); !stored) {
      m_error = stored.error();
      return;
    }
    ++m_loaded;
  }

  // Say why `cell` of record `number`, column `i`, did not fit; the cell is quoted with NUL as \0.
  [[nodiscard]] std::string rejection(std::uint64_t number, std::size_t i, std::string_view cell) const {
    const std::string where =
        "record " + std::to_string(number) + " field " + std::to_string(i + 1) + " (" + m_names[i] + "): ";
    if (cell.find('\0') != std::string_view::npos) {
      return where + "NUL byte at column " + std::to_string(i + 1) + "; the column takes " + m_sink.expected(i);
    }
    return where + "\"" + std::string(cell.substr(0, 80)) + "\" is not " + m_sink.expected(i);
  }

  const TableSource& m_source;
  const csv::ScanOptions& m_scan;
  RowSink& m_sink;
  RejectedWriter& m_rejected;
  std::vector<std::string> m_names;
  std::optional<util::Error> m_error;
  std::uint64_t m_next_record = 1;
  std::uint64_t m_loaded = 0;
  std::uint64_t m_rejected_count = 0;
};

} // namespace

std::filesystem::path rejected_path(const std::filesystem::path& rejected_dir, const std::string& file) {
  return rejected_dir / std::filesystem::path(file + ".rejected.csv");
}

TableLoad failed_row(const TableLoad& row, std::string message) {
  TableLoad failed;
  failed.dataset = row.dataset;
  failed.file = row.file;
  failed.database = row.database;
  failed.engine = row.engine;
  failed.schema = row.schema;
  failed.status = "failed";
  failed.message = std::move(message);
  return failed;
}

std::vector<TableLoad> initial_rows(const DatasetLoad& dataset, const std::string& database, const std::string& engine,
                                    bool& any_loadable) {
  std::vector<TableLoad> rows;
  any_loadable = false;
  for (const TableSource& table : dataset.tables) {
    TableLoad row;
    row.dataset = dataset.ref;
    row.file = table.file;
    row.database = database;
    row.engine = engine;
    row.status = table.profile && table.skip_reason.empty() ? "loaded" : "skipped";
    row.message = table.skip_reason;
    any_loadable = any_loadable || row.status == "loaded";
    rows.push_back(std::move(row));
  }
  return rows;
}

util::Result<std::string> read_table(const TableSource& source, const csv::ScanOptions& scan, RowSink& sink,
                                     RejectedWriter& rejected, TableLoad& row) {
  TableReader reader(source, scan, sink, rejected);
  return reader.run(row);
}

} // namespace fk::load
