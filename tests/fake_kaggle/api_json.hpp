#pragma once

#include <string>
#include <vector>

#include "fake_kaggle/dataset_store.hpp"
#include "util/json_writer.hpp"

namespace fk::fake_kaggle {

// Write an ApiDataset object for `dataset`, whose current version holds `files`.
void write_api_dataset(util::JsonWriter& json, const Dataset& dataset, const std::vector<DatasetFile>& files);

// Write an ApiDatasetFile object for `file` of `dataset`.
void write_api_dataset_file(util::JsonWriter& json, const Dataset& dataset, const DatasetFile& file);

// Write the GetDatasetMetadata response (`{"info":{...}}`) for `dataset`.
void write_dataset_metadata(util::JsonWriter& json, const Dataset& dataset, const std::vector<DatasetFile>& files);

// Return the extension of `name` with its dot (".csv"), or "" when it has none.
std::string file_type(const std::string& name);

} // namespace fk::fake_kaggle
