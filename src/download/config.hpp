#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kaggle/dataset_ref.hpp"
#include "util/error.hpp"

namespace fk::download {

// One dataset listed in a datasets config file.
struct ConfiguredDataset {
  kaggle::DatasetRef ref;          // with its version pin, if any
  std::vector<std::string> files;  // globs; empty means every file
  std::vector<std::pair<std::string, std::string>> schemas; // file glob -> Table Schema path (for process)
};

// The datasets config (YAML or JSON, e.g. a Kubernetes ConfigMap):
//
//   datasets:
//     - erlichsefi/israeli-supermarkets-2024          # a plain reference
//     - ref: owner/slug                               # or a mapping
//       version: 3                                    # optional pin
//       files: ["price_full_file_*.csv", "index.json"] # optional globs
//       schemas:                                      # optional, for process: file glob -> schema
//         "price_full_file_*.csv": schemas/price_full.json  # relative to the config file
struct DatasetsConfig {
  std::vector<ConfiguredDataset> datasets;
};

// Parse config text (YAML 1.2, so JSON too); `origin` names it in errors.
util::Result<DatasetsConfig> parse_config(std::string_view text, std::string_view origin);

// Read and parse a config file; a missing or malformed file is a usage error naming the file.
util::Result<DatasetsConfig> read_config(const std::filesystem::path& path);

} // namespace fk::download
