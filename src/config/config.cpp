#include "config/config.hpp"

#include "config/yaml_strict.hpp"
#include "util/fs.hpp"

#include <array>

namespace fk::config {

namespace {

constexpr std::array<std::string_view, 2> k_top_keys{"datasets", "retention"};
constexpr std::array<std::string_view, 4> k_dataset_keys{"ref", "version", "files", "schemas"};
constexpr std::array<std::string_view, 5> k_retention_keys{"raw", "processed", "reports", "metadata", "archive"};

// Read a mapping entry of `datasets:` (ref, version, files, schemas) into `entry`; `ref_text` gets its ref.
util::Status read_dataset_mapping(const StrictReader& reader, const YAML::Node& node, const std::string& where,
                                  ConfiguredDataset& entry, std::string& ref_text) {
  if (auto status = reader.check_mapping(node, where, k_dataset_keys); !status.ok()) return status;
  if (!node["ref"]) return reader.error(node.Mark(), where, "has no \"ref\" (the dataset, owner/slug)");
  auto ref = reader.scalar(node["ref"], where + ".ref", "a dataset reference, owner/slug");
  if (!ref.ok()) return ref.error();
  ref_text = std::move(*ref);
  if (const YAML::Node files = node["files"]) {
    if (auto status = reader.check_list(files, where + ".files", "a list of file globs"); !status.ok()) return status;
    std::size_t index = 0;
    for (const auto& glob : files) {
      auto text = reader.scalar(glob, where + ".files[" + std::to_string(index++) + "]", "a file glob");
      if (!text.ok()) return text.error();
      entry.files.push_back(std::move(*text));
    }
  }
  if (const YAML::Node schemas = node["schemas"]) {
    if (auto status =
            reader.check_scalar_mapping(schemas, where + ".schemas", "a mapping of file globs to Table Schema files");
        !status.ok())
      return status;
    for (const auto& item : schemas)
      entry.schemas.emplace_back(item.first.Scalar(), item.second.Scalar());
  }
  return util::Ok{};
}

util::Result<ConfiguredDataset> read_dataset(const StrictReader& reader, const YAML::Node& node, std::size_t index) {
  const std::string where = "datasets[" + std::to_string(index) + "]";
  ConfiguredDataset entry;
  std::string ref_text;
  if (node.IsScalar()) {
    ref_text = node.Scalar();
  } else if (node.IsMap()) {
    if (auto status = read_dataset_mapping(reader, node, where, entry, ref_text); !status.ok()) return status.error();
  } else {
    return reader.error(node.Mark(), where,
                        R"(must be "owner/slug" or a mapping with "ref", not )" + std::string(node_kind(node)));
  }
  auto ref = kaggle::parse_dataset_ref(ref_text);
  if (!ref) return reader.error(node.Mark(), where, ref.error().message());
  entry.ref = *ref;
  if (node.IsMap() && node["version"]) {
    const YAML::Node version_node = node["version"];
    long long version = 0;
    if (!version_node.IsScalar() || !YAML::convert<long long>::decode(version_node, version) || version <= 0) {
      return reader.error(version_node.Mark(), where + ".version", "must be a positive whole number");
    }
    if (entry.ref.version && *entry.ref.version != version) {
      return reader.error(version_node.Mark(), where + ".version", "pins another version than the ref does");
    }
    entry.ref.version = version;
  }
  return entry;
}

util::Status read_retention(const StrictReader& reader, const YAML::Node& node, RetentionConfig& out) {
  if (auto status = reader.check_mapping(node, "retention", k_retention_keys); !status.ok()) return status;
  for (const auto& item : node) {
    const std::string& area = item.first.Scalar();
    const std::string path = "retention." + area;
    auto text = reader.scalar(item.second, path, "a period such as 90d, 12w or never");
    if (!text.ok()) return text.error();
    auto keep = parse_keep(*text);
    if (!keep.ok()) return reader.error(item.second.Mark(), path, keep.error().what + ": " + keep.error().why);
    std::optional<KeepDays>& slot = area == "raw"         ? out.raw
                                    : area == "processed" ? out.processed
                                    : area == "reports"   ? out.reports
                                    : area == "metadata"  ? out.metadata
                                                          : out.archive;
    slot = *keep;
  }
  return util::Ok{};
}

util::Result<Config> read_root(const StrictReader& reader, const YAML::Node& root) {
  if (!root.IsMap()) {
    return reader.error(root.Mark(), "",
                        R"(must be a mapping with "datasets:" and/or "retention:", not )" +
                            std::string(node_kind(root)));
  }
  if (auto status = reader.check_mapping(root, "", k_top_keys); !status.ok()) return status.error();
  Config config;
  if (const YAML::Node datasets = root["datasets"]) {
    if (auto status = reader.check_list(datasets, "datasets", "a list of datasets"); !status.ok())
      return status.error();
    std::size_t index = 0;
    for (const auto& node : datasets) {
      auto entry = read_dataset(reader, node, index++);
      if (!entry) return entry.error();
      config.datasets.push_back(std::move(*entry));
    }
  }
  if (const YAML::Node retention = root["retention"]) {
    if (auto status = read_retention(reader, retention, config.retention); !status.ok()) return status.error();
  }
  return config;
}

} // namespace

util::Result<Config> parse_config(std::string_view text, std::string_view origin) {
  const StrictReader reader{std::string(origin)};
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    return read_root(reader, root);
  } catch (const YAML::Exception& e) {
    return reader.error(e.mark, "", "is not YAML or JSON: " + e.msg);
  } catch (const std::exception& e) { // e.g. std::bad_alloc on a hostile alias expansion
    return reader.error(YAML::Mark::null_mark(), "", std::string("cannot be read: ") + e.what());
  }
}

util::Result<Config> read_config(const std::filesystem::path& path) {
  auto text = util::read_file(path);
  if (!text) {
    util::Error error = text.error();
    error.kind = util::ErrorKind::usage;
    error.fix = "check --config / FETCH_KAGGLE_CONFIG";
    return error;
  }
  return parse_config(*text, path.string());
}

} // namespace fk::config
