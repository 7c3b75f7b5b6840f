#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaggle/api_types.hpp"
#include "kaggle/credentials.hpp"
#include "kaggle/dataset_ref.hpp"
#include "net/http_client.hpp"
#include "net/retry_policy.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace fk::kaggle {

// The production API base; any other base gets "/api" before "/v1", as kagglesdk does.
inline constexpr const char* k_default_api_endpoint = "https://api.kaggle.com";

// Talk to the Kaggle dataset API (generation A: POST JSON to datasets.DatasetApiService).
// Every HTTP exchange is retried by the `retry` policy given at construction when the failure is
// temporary (connection errors, timeouts, 429, 5xx; Retry-After honoured up to its cap); permanent
// answers (400, 401, 403, 404) are returned at once.
class KaggleClient {
public:
  // Use `base_url` (e.g. https://api.kaggle.com or http://127.0.0.1:PORT), `credentials` for API
  // calls only, and `http` for transfers; `logger` gets one debug line per call (URLs redacted) and a
  // warning per retry; `retry` decides retries (the default: one attempt, no retry).
  KaggleClient(std::string base_url, Credentials credentials, net::HttpClient& http, util::Logger& logger,
               net::RetryConfig retry = single_attempt());

  // Return a retry configuration that makes one attempt only.
  static net::RetryConfig single_attempt() {
    net::RetryConfig config;
    config.max_attempts = 1;
    return config;
  }

  // Return the full URL of RPC `method` of the dataset service.
  [[nodiscard]] std::string method_url(std::string_view method) const;

  // Return the headers every API call carries (Authorization unless anonymous); never send them to storage.
  [[nodiscard]] net::RequestHeaders auth_headers() const;

  // Fetch one dataset's description, including currentVersionNumber.
  util::Result<Dataset> get_dataset(const std::string& owner, const std::string& slug);

  // List every file of a dataset version (the current one when `version` is unset), following all pages.
  util::Result<std::vector<DatasetFile>> list_dataset_files(const std::string& owner, const std::string& slug,
                                                            std::optional<std::int64_t> version);

  // Fetch a dataset's metadata (licences and more).
  util::Result<DatasetMetadata> get_dataset_metadata(const std::string& owner, const std::string& slug);

  // Search datasets by free text and/or owner, across pages, up to `max_results`.
  util::Result<std::vector<Dataset>> list_datasets(const std::string& search, const std::string& user,
                                                   std::size_t max_results);

  // Ask where to download a dataset version (or one file of it); expects a redirect, never follows it.
  util::Result<DownloadTarget> resolve_download(const std::string& owner, const std::string& slug,
                                                std::optional<std::int64_t> version,
                                                const std::optional<std::string>& file_name);

  // Return the Retry-After of the last attempt's 429/503 response (nullopt if it was not one or had none).
  [[nodiscard]] std::optional<std::chrono::milliseconds> last_retry_after() const { return m_last_retry_after; }

  // Return the credentials in use.
  [[nodiscard]] const Credentials& credentials() const { return m_credentials; }

private:
  // Make the call, retrying temporary failures as the retry policy allows.
  util::Result<net::HttpResponse> call(std::string_view method, const std::string& body, const std::string& item,
                                       bool expect_redirect);
  // Make one attempt of the call.
  util::Result<net::HttpResponse> attempt(std::string_view method, const std::string& body, const std::string& item,
                                          bool expect_redirect);

  std::string m_base_url;
  Credentials m_credentials;
  net::HttpClient& m_http;
  util::Logger& m_logger;
  net::RetryPolicy m_retry;
  std::optional<std::chrono::milliseconds> m_last_retry_after;
};

// Return a warning when `endpoint` sends credentials in clear text: plain http:// to a host other
// than the loopback (localhost, 127.0.0.0/8, [::1]); nullopt for https:// and loopback.
std::optional<std::string> cleartext_warning(std::string_view endpoint);

// Return the API base to use: `flag` (--api-endpoint) if set, else `env_value` (KAGGLE_API_ENDPOINT),
// else the production endpoint; a usage error when it is not an http(s) URL.
util::Result<std::string> choose_api_endpoint(const std::optional<std::string>& flag,
                                              const std::optional<std::string>& env_value);

} // namespace fk::kaggle
