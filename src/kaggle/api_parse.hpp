#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kaggle/api_types.hpp"
#include "util/error.hpp"

namespace fk::kaggle {

// Name one API call for error messages: the RPC method and the item it was about.
struct CallContext {
  std::string method; // e.g. "GetDataset"
  std::string item;   // e.g. "dataset heptapod/titanic version 3"
};

// Return the error a response stands for, or nullopt when it is a success. Reads both error body
// shapes ({"code":N,"message":...}, even with HTTP 200, and {"error":{"code","message","status"}}):
// 401/403 permission, 404 not_found, 429 and 5xx temporary, other 4xx usage.
std::optional<util::Error> response_error(long status, std::string_view body, const CallContext& context);

// Parse a GetDataset response (one ApiDataset object).
util::Result<Dataset> parse_dataset(std::string_view body, const CallContext& context);

// Parse a ListDatasets response ({"datasets": [...], "nextPageToken": ...}).
util::Result<DatasetPage> parse_dataset_page(std::string_view body, const CallContext& context);

// Parse a ListDatasetFiles response; a non-empty in-band "errorMessage" is an error.
util::Result<DatasetFilePage> parse_file_page(std::string_view body, const CallContext& context);

// Parse a GetDatasetMetadata response ({"info": {...}}); a non-empty "errorMessage" is an error.
util::Result<DatasetMetadata> parse_metadata(std::string_view body, const CallContext& context);

} // namespace fk::kaggle
