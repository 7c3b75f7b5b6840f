#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fk::kaggle {

// One dataset as GetDataset and ListDatasets describe it (ApiDataset); missing keys stay default.
struct Dataset {
  std::string ref; // "owner/slug"
  std::int64_t id = 0;
  std::string title;
  std::string subtitle;
  std::string creator_name;
  std::string url;
  std::string license_name;
  std::int64_t total_bytes = 0;
  std::string last_updated; // ISO-8601 as sent
  std::int64_t download_count = 0;
  std::int64_t vote_count = 0;
  std::vector<std::string> tags; // tag names (or refs when a tag has no name)
  bool is_private = false;
  std::int64_t current_version_number = 0;
};

// One file of a dataset version (ApiDatasetFile).
struct DatasetFile {
  std::string name; // path inside the dataset
  std::int64_t total_bytes = 0;
  std::string creation_date;
  std::string file_type;
};

// The licence-bearing metadata of a dataset (GetDatasetMetadata's DatasetInfo).
struct DatasetMetadata {
  std::int64_t dataset_id = 0;
  std::string title;
  std::string subtitle;
  std::string description;
  std::vector<std::string> licenses;
  std::vector<std::string> keywords;
  bool is_private = false;
};

// One page of ListDatasetFiles.
struct DatasetFilePage {
  std::vector<DatasetFile> files;
  std::string next_page_token; // empty on the last page
};

// One page of ListDatasets.
struct DatasetPage {
  std::vector<Dataset> datasets;
  std::string next_page_token;
};

// Where DownloadDataset sends the client: a signed storage URL and the object's name.
struct DownloadTarget {
  std::string url;         // from Location; holds a signature: log only net::redact_url(url)
  std::string object_name; // last path segment of url, e.g. "archive.zip" or "train.csv.zip"
};

} // namespace fk::kaggle
