#include "cli/process_load.hpp"

#include "load/load_summary.hpp"
#include "load/pg_values.hpp"
#include "load/sqlite_loader.hpp"
#include "util/utf8.hpp"

namespace fk::cli {

std::vector<load::DatasetLoad> plan_loads(const std::filesystem::path& folder, const process::ProcessPlan& plan) {
  std::vector<load::DatasetLoad> loads;
  for (const process::PlannedDataset& dataset : plan.datasets) {
    load::DatasetLoad entry{dataset.ref, folder / (dataset.ref + ".sqlite"), folder / dataset.ref / "rejected", {}};
    entry.version = dataset.version;
    for (const process::PlannedFile& file : dataset.files) {
      if (file.is_csv) entry.tables.push_back({file.path, file.source, std::nullopt, {}});
    }
    loads.push_back(std::move(entry));
  }
  return loads;
}

void print_load_plan(std::ostream& out, const std::vector<load::DatasetLoad>& loads,
                     const std::optional<load::PgTarget>& pg) {
  for (const load::DatasetLoad& dataset : loads) {
    for (const load::TableSource& table : dataset.tables) {
      out << "  load        " << dataset.ref << "/" << util::to_valid_utf8(table.file) << "  ->  "
          << (pg ? pg->display + " schema " + load::pg_schema_name(dataset.ref) : dataset.database.string())
          << " (if valid)\n";
    }
  }
}

namespace {

// Give each planned table its validation profile, or the reason it is skipped (corrupt or invalid).
void attach_profiles(std::vector<load::DatasetLoad>& loads, const process::ValidationReport& report) {
  for (std::size_t d = 0; d < loads.size() && d < report.datasets.size(); ++d) {
    for (load::TableSource& table : loads[d].tables) {
      for (const process::FileResult& file : report.datasets[d].files) {
        if (file.path != table.file) continue;
        const process::SeverityCounts counts = process::count_problems(file);
        if (!file.intact()) {
          table.skip_reason = "corrupt: " + file.integrity.front().code + ": " + file.integrity.front().message;
        } else if (!file.profile) {
          table.skip_reason = "not scanned";
        } else if (!process::passes(counts, report.fail_on)) {
          table.skip_reason = "invalid: " + std::to_string(counts.errors) + " error(s), " +
                              std::to_string(counts.warnings) + " warning(s); see validation_report.json";
        } else {
          table.profile = file.profile;
        }
      }
    }
  }
}

// Return `path` with the staged folder's prefix replaced by the final one.
std::string relocate(const std::string& path, const std::filesystem::path& staged, const std::filesystem::path& final_dir) {
  const std::string prefix = staged.string();
  if (path.compare(0, prefix.size(), prefix) != 0) return path;
  return final_dir.string() + path.substr(prefix.size());
}

// Return true when `error`, returned for a whole dataset, ends the loading: the environment failed
// (disk full, permission on the database, PostgreSQL unreachable, a stop). A dataset the target
// refuses (usage, validation: its PostgreSQL schema is another's) fails alone.
bool stops_run(const util::Error& error) {
  return error.kind != util::ErrorKind::usage && error.kind != util::ErrorKind::validation;
}

// Return the rows of `dataset` with every loadable file `failed` with `why` (skipped ones kept).
std::vector<load::TableLoad> failed_rows(const load::DatasetLoad& dataset, const load::PgConnection* pg,
                                         const std::string& why) {
  bool any_loadable = false;
  std::vector<load::TableLoad> rows = load::initial_rows(dataset, pg ? pg->display() : dataset.database.string(),
                                                         pg ? "postgresql" : "sqlite", any_loadable);
  for (load::TableLoad& row : rows) {
    if (pg) row.schema = load::pg_schema_name(dataset.ref);
    if (row.status == "loaded") row = load::failed_row(row, why);
  }
  return rows;
}

} // namespace

util::Result<load::LoadSummary> load_day(Context& ctx, const process::ProcessPlan& plan,
                                         const process::ValidationReport& report, const csv::ScanOptions& scan,
                                         const std::optional<load::PgTarget>& pg, const std::filesystem::path& staged,
                                         const std::filesystem::path& final_dir) {
  std::vector<load::DatasetLoad> loads = plan_loads(staged, plan);
  attach_profiles(loads, report);
  load::LoadSummary summary{report.day, report.created_at, report.tool_version, {}};
  // No summary of an earlier run stays if this one stops before writing its own.
  std::error_code ignored;
  std::filesystem::remove(staged / "load_summary.json", ignored);
  std::optional<load::PgConnection> connection;
  if (pg) {
    auto connected = load::PgConnection::connect(*pg);
    if (!connected) return connected.error();
    connection.emplace(std::move(*connected));
    summary.engine = "postgresql";
  }
  const std::string day = ctx.day.str().substr(0, 4) + "-" + ctx.day.str().substr(4, 2) + "-" + ctx.day.str().substr(6, 2);
  for (std::size_t d = 0; d < loads.size(); ++d) {
    const load::DatasetLoad& dataset = loads[d];
    auto tables =
        connection ? load::load_dataset_postgres(*connection, dataset, day, scan) : load::load_dataset(dataset, scan);
    if (!tables && stops_run(tables.error())) {
      // Account for every file of this and the later datasets, and keep what loaded before.
      for (std::size_t later = d; later < loads.size(); ++later) {
        const std::string why =
            "not loaded: loading stopped at dataset " + dataset.ref + ": " + tables.error().message();
        for (load::TableLoad& row : failed_rows(loads[later], connection ? &*connection : nullptr, why)) {
          row.database = relocate(row.database, staged, final_dir);
          summary.tables.push_back(std::move(row));
        }
      }
      (void)load::write_load_summary(staged / "load_summary.json", summary);
      return tables.error();
    }
    if (!tables) tables = failed_rows(dataset, connection ? &*connection : nullptr, tables.error().message());
    for (load::TableLoad& table : *tables) {
      table.database = relocate(table.database, staged, final_dir);
      table.rejected_file = relocate(table.rejected_file, staged, final_dir);
      ctx.log->info("table " + table.status, {{"dataset", table.dataset},
                                              {"file", util::to_valid_utf8(table.file)},
                                              {"table", table.table},
                                              {"loaded", std::to_string(table.loaded)},
                                              {"rejected", std::to_string(table.rejected)},
                                              {"detail", table.message}});
      if (!ctx.globals.json) {
        *ctx.out << "  " << table.status << "  " << table.dataset << "/" << util::to_valid_utf8(table.file);
        if (!table.table.empty()) *ctx.out << "  -> " << table.table << "  " << table.loaded << " rows";
        if (table.rejected > 0) *ctx.out << "  " << table.rejected << " rejected";
        if (table.status == "failed") *ctx.out << "  " << util::to_valid_utf8(table.message);
        *ctx.out << "\n";
      }
      summary.tables.push_back(std::move(table));
    }
  }
  if (auto written = load::write_load_summary(staged / "load_summary.json", summary); !written) return written.error();
  if (!ctx.globals.json) *ctx.out << "load summary " << (final_dir / "load_summary.json").string() << "\n";
  return summary;
}

} // namespace fk::cli
