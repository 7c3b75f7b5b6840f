#include "process/schema_binding.hpp"

#include <fnmatch.h>

#include <system_error>

namespace fk::process {

namespace {

util::Result<SchemaBinding> bind(std::string pattern, const std::filesystem::path& path) {
  auto contract = read_table_contract(path);
  if (!contract) return contract.error();
  return SchemaBinding{std::move(pattern), std::make_shared<const TableContract>(std::move(*contract))};
}

} // namespace

util::Result<SchemaBinding> parse_schema_option(const std::string& spec) {
  std::error_code ec;
  const std::size_t equals = spec.find('=');
  if (equals == std::string::npos || std::filesystem::exists(spec, ec)) return bind("*", spec);
  if (equals == 0 || equals + 1 == spec.size()) {
    return util::make_error(util::ErrorKind::usage, "--schema \"" + spec + "\" is incomplete",
                            "it must be PATH or GLOB=PATH", "e.g. --schema 'prices*.csv=schemas/prices.json'");
  }
  return bind(spec.substr(0, equals), spec.substr(equals + 1));
}

util::Result<SchemaBinding> bind_config_schema(std::string_view ref, const std::string& glob, const std::string& path,
                                               const std::filesystem::path& base) {
  const std::filesystem::path resolved = std::filesystem::path(path).is_absolute() ? std::filesystem::path(path) : base / path;
  return bind(std::string(ref) + "/" + glob, resolved);
}

std::shared_ptr<const TableContract> find_contract(const std::vector<SchemaBinding>& bindings, std::string_view ref,
                                                   std::string_view file) {
  const std::string full = std::string(ref) + "/" + std::string(file);
  const std::string name(file);
  for (const SchemaBinding& binding : bindings) {
    const bool qualified = binding.pattern.find('/') != std::string::npos;
    if (::fnmatch(binding.pattern.c_str(), qualified ? full.c_str() : name.c_str(), 0) == 0) return binding.contract;
  }
  return nullptr;
}

} // namespace fk::process
