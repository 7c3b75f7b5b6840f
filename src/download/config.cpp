#include "download/config.hpp"

#include "util/fs.hpp"

#include <yaml-cpp/yaml.h>

namespace fk::download {

namespace {

util::Error config_error(std::string_view origin, const std::string& why) {
  return util::make_error(util::ErrorKind::usage, "invalid datasets config " + std::string(origin), why,
                          "see docs/download.md for the format");
}

util::Result<ConfiguredDataset> parse_entry(const YAML::Node& node, std::string_view origin, std::size_t index) {
  const std::string where = "datasets[" + std::to_string(index) + "]";
  ConfiguredDataset entry;
  std::string ref_text;
  if (node.IsScalar()) {
    ref_text = node.as<std::string>();
  } else if (node.IsMap()) {
    if (!node["ref"] || !node["ref"].IsScalar()) return config_error(origin, where + " has no \"ref\"");
    ref_text = node["ref"].as<std::string>();
    for (const auto& key : node) {
      const std::string name = key.first.as<std::string>();
      if (name != "ref" && name != "version" && name != "files" && name != "schemas") {
        return config_error(origin,
                            where + " has an unknown key \"" + name + "\" (known: ref, version, files, schemas)");
      }
    }
    if (node["files"]) {
      if (!node["files"].IsSequence()) return config_error(origin, where + ".files must be a list of globs");
      for (const auto& glob : node["files"]) entry.files.push_back(glob.as<std::string>());
    }
    if (node["schemas"]) {
      if (!node["schemas"].IsMap())
        return config_error(origin, where + ".schemas must map file globs to Table Schema files");
      for (const auto& item : node["schemas"])
        entry.schemas.emplace_back(item.first.as<std::string>(), item.second.as<std::string>());
    }
  } else {
    return config_error(origin, where + " must be \"owner/slug\" or a mapping with \"ref\"");
  }
  auto ref = kaggle::parse_dataset_ref(ref_text);
  if (!ref) return config_error(origin, where + ": " + ref.error().message());
  entry.ref = *ref;
  if (node.IsMap() && node["version"]) {
    long long version = 0;
    if (!YAML::convert<long long>::decode(node["version"], version) || version <= 0) {
      return config_error(origin, where + ".version must be a positive whole number");
    }
    if (entry.ref.version && *entry.ref.version != version) {
      return config_error(origin, where + " pins two different versions");
    }
    entry.ref.version = version;
  }
  return entry;
}

} // namespace

util::Result<DatasetsConfig> parse_config(std::string_view text, std::string_view origin) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return config_error(origin, "not YAML or JSON: " + std::string(e.what()));
  }
  if (!root.IsMap() || !root["datasets"] || !root["datasets"].IsSequence()) {
    return config_error(origin, "expected a top-level \"datasets\" list");
  }
  DatasetsConfig config;
  std::size_t index = 0;
  try {
    for (const auto& node : root["datasets"]) {
      auto entry = parse_entry(node, origin, index++);
      if (!entry) return entry.error();
      config.datasets.push_back(std::move(*entry));
    }
  } catch (const YAML::Exception& e) {
    return config_error(origin, e.what());
  }
  return config;
}

util::Result<DatasetsConfig> read_config(const std::filesystem::path& path) {
  auto text = util::read_file(path);
  if (!text) {
    util::Error error = text.error();
    error.kind = util::ErrorKind::usage;
    error.fix = "check --config / FETCH_KAGGLE_CONFIG";
    return error;
  }
  return parse_config(*text, path.string());
}

} // namespace fk::download
