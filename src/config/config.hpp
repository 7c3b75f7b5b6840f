#pragma once

#include "config/period.hpp"
#include "kaggle/dataset_ref.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fk::config {

// One dataset listed in the config file.
struct ConfiguredDataset {
  kaggle::DatasetRef ref;                                   // with its version pin, if any
  std::vector<std::string> files;                           // globs; empty means every file
  std::vector<std::pair<std::string, std::string>> schemas; // file glob -> Table Schema path (for process)
};

// The `retention:` mapping: the periods the file sets (an area it does not name stays nullopt).
struct RetentionConfig {
  std::optional<KeepDays> raw;
  std::optional<KeepDays> processed;
  std::optional<KeepDays> reports;
  std::optional<KeepDays> metadata;
  std::optional<KeepDays> archive;
};

// The whole config file (YAML 1.2 or JSON, e.g. a Kubernetes ConfigMap), read by download,
// process and archive alike:
//
//   datasets:                                         # download (and process's schemas)
//     - erlichsefi/israeli-supermarkets-2024          # a plain reference
//     - ref: owner/slug                               # or a mapping
//       version: 3                                    # optional pin
//       files: ["price_full_file_*.csv", "index.json"] # optional globs
//       schemas:                                      # optional, for process: file glob -> schema
//         "price_full_file_*.csv": schemas/price_full.json  # relative to the config file
//   retention: {raw: 90d, processed: 90d, reports: 365d, metadata: 365d, archive: 365d}  # archive
//
// Both keys are optional. Any other key, at any level, and any value of the wrong type is a usage
// error naming the key path, its line and the closest valid key.
struct Config {
  std::vector<ConfiguredDataset> datasets;
  RetentionConfig retention;
};

// Parse config text strictly; `origin` names it in errors. yaml-cpp's exceptions never escape.
util::Result<Config> parse_config(std::string_view text, std::string_view origin);

// Read and parse a config file; a missing, unreadable or invalid file is a usage error naming the file.
util::Result<Config> read_config(const std::filesystem::path& path);

} // namespace fk::config
