#include "load/load_summary.hpp"

#include "util/atomic_file.hpp"
#include "util/json_writer.hpp"

#include <sstream>

namespace fk::load {

bool has_failures(const LoadSummary& summary) {
  for (const TableLoad& table : summary.tables) {
    if (table.status == "failed") return true;
  }
  return false;
}

void write_load_summary_json(std::ostream& out, const LoadSummary& summary) {
  std::uint64_t read = 0;
  std::uint64_t loaded = 0;
  std::uint64_t rejected = 0;
  std::uint64_t failed = 0;
  std::uint64_t skipped = 0;
  for (const TableLoad& table : summary.tables) {
    read += table.records_read;
    loaded += table.loaded;
    rejected += table.rejected;
    failed += table.status == "failed" ? 1U : 0U;
    skipped += table.status == "skipped" ? 1U : 0U;
  }
  util::JsonWriter json(out);
  json.begin_object()
      .field("day", summary.day)
      .field("created_at", summary.created_at)
      .field("tool_version", summary.tool_version)
      .field("engine", summary.engine);
  json.key("totals").begin_object();
  json.field("tables", static_cast<std::uint64_t>(summary.tables.size())).field("records_read", read);
  json.field("loaded", loaded).field("rejected", rejected).field("failed_tables", failed);
  json.field("skipped_tables", skipped).end_object();
  json.key("tables").begin_array();
  for (const TableLoad& table : summary.tables) {
    json.begin_object().field("dataset", table.dataset).path_field("file", table.file);
    json.key("target").begin_object().field("engine", table.engine).path_field("database", table.database);
    if (table.schema.empty()) {
      json.key("schema").null();
    } else {
      json.field("schema", table.schema);
    }
    if (table.table.empty()) {
      json.key("table").null();
    } else {
      json.field("table", table.table);
    }
    json.end_object();
    json.field("status", table.status);
    if (table.message.empty()) {
      json.key("message").null();
    } else {
      json.field("message", table.message);
    }
    json.field("records_read", table.records_read).field("loaded", table.loaded).field("rejected", table.rejected);
    if (table.rejected_file.empty()) {
      json.key("rejected_file").null();
    } else {
      json.path_field("rejected_file", table.rejected_file);
    }
    json.field("bytes", table.bytes)
        .field("duration_seconds", table.duration_seconds)
        .field("records_per_second", table.records_per_second());
    json.end_object();
  }
  json.end_array().end_object();
  out << "\n";
}

util::Status write_load_summary(const std::filesystem::path& path, const LoadSummary& summary) {
  std::ostringstream out;
  write_load_summary_json(out, summary);
  return util::write_file_atomic(path, out.str());
}

} // namespace fk::load
