#pragma once

#include "load/table_load.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace fk::load {

// processed/YYYYMMDD/load_summary.json: what one `process` run loaded (schema:
// docs/schemas/load_summary.schema.json).
struct LoadSummary {
  std::string day;
  std::string created_at; // ISO 8601 UTC
  std::string tool_version;
  std::vector<TableLoad> tables;
  std::string engine = "sqlite"; // sqlite | postgresql: where the tables went
};

// Return true when some table has status failed.
bool has_failures(const LoadSummary& summary);

// Serialise `summary` as JSON.
void write_load_summary_json(std::ostream& out, const LoadSummary& summary);

// Write `summary` atomically to `path`.
util::Status write_load_summary(const std::filesystem::path& path, const LoadSummary& summary);

} // namespace fk::load
