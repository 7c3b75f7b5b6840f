#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fake_kaggle/auth.hpp"
#include "fake_kaggle/dataset_store.hpp"
#include "fake_kaggle/faults.hpp"
#include "util/error.hpp"

namespace fk::fake_kaggle {

// The fields of a dataset API call that the fake server uses, from either protocol generation.
struct ApiRequest {
  std::string method;                   // generation A name: "GetDataset", "DownloadDataset"...
  bool legacy = false;                  // generation B (GET /api/v1/datasets/...): bare list/status bodies
  std::string owner;                    // ownerSlug
  std::string slug;                     // datasetSlug
  std::optional<std::int64_t> version;  // datasetVersionNumber; absent or 0 = current
  std::optional<std::string> file_name; // fileName
  std::string search;
  std::string user;
  std::string group;
  std::string page_token;
  std::int64_t page = 1;
  std::int64_t page_size = 0; // 0 = default
  std::int64_t min_size = 0;
  std::int64_t max_size = 0;  // 0 = no limit
};

// Parse a generation A JSON body for `method`; absent keys keep their defaults.
util::Result<ApiRequest> parse_api_request(std::string method, std::string_view body);

// Build a generation B request from its path parts and query; query keys match case-insensitively
// and in camelCase, lowercase or snake_case.
util::Result<ApiRequest> legacy_api_request(std::string method, std::string owner, std::string slug,
                                            std::optional<std::string> file_name,
                                            const std::multimap<std::string, std::string>& query);

// What to answer: a JSON body, a redirect, or an error rendered later in the active error shape.
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::string location;      // set for 302
  std::string error_message; // set for errors: the body is rendered from it by error_body
};

// Return an error reply with `status` and `message`.
Reply error_reply(int status, std::string message);

// Return the error body for `status` and `message` in `shape`.
std::string error_body(int status, std::string_view message, ErrorShape shape);

// Return the google-style status name for an HTTP status ("NOT_FOUND", "RESOURCE_EXHAUSTED"...).
std::string_view google_status_name(int status);

// What the API handlers need besides the request.
struct ApiContext {
  const DatasetStore& store;
  std::string storage_base;                 // e.g. "http://127.0.0.1:40123"
  std::uint64_t zip_single_files_above = 0; // zip single files larger than this
  std::int64_t list_page_size = 20;
};

// Answer `request` from `caller`.
Reply handle_api(const ApiContext& context, const Caller& caller, const ApiRequest& request);

// Percent-encode `path` for a URL, keeping '/' and unreserved characters.
std::string url_encode_path(std::string_view path);

} // namespace fk::fake_kaggle
