#pragma once

#include "process/contract.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fk::process {

// One schema and the files it applies to.
struct SchemaBinding {
  std::string pattern; // fnmatch glob; with a '/', matched against "<owner>/<slug>/<file>", else against "<file>"
  std::shared_ptr<const TableContract> contract;
};

// Parse one `--schema` value, "[GLOB=]PATH" (no GLOB: every CSV file), and read its schema.
// A PATH that exists as written (even with an '=') is taken whole.
util::Result<SchemaBinding> parse_schema_option(const std::string& spec);

// Bind `path` (a schema file; relative paths resolved against `base`) to `glob` for dataset `ref`
// (the datasets config's `schemas:` entries) and read the schema.
util::Result<SchemaBinding> bind_config_schema(std::string_view ref, const std::string& glob, const std::string& path,
                                               const std::filesystem::path& base);

// Return the contract of the first binding that matches file `file` of dataset `ref`, or null.
std::shared_ptr<const TableContract> find_contract(const std::vector<SchemaBinding>& bindings, std::string_view ref,
                                                   std::string_view file);

} // namespace fk::process
