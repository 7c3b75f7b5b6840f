#include "kaggle/client.hpp"

#include <set>
#include <sstream>

#include "kaggle/api_parse.hpp"
#include "net/header_parsers.hpp"
#include "net/url.hpp"
#include "util/clock.hpp"
#include "util/json_writer.hpp"
#include "util/signals.hpp"

namespace fk::kaggle {

namespace {

using util::ErrorKind;

constexpr const char* k_service = "datasets.DatasetApiService";
// Files per ListDatasetFiles page: the documented maximum.
constexpr int k_files_page_size = 200;
// Upper bounds on pages, so a server that never stops paging cannot hang a run.
constexpr int k_max_file_pages = 100000;
constexpr int k_max_dataset_pages = 1000;

std::string strip_trailing_slashes(std::string text) {
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_http_url(std::string_view url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

std::string describe_item(const std::string& owner, const std::string& slug, std::optional<std::int64_t> version,
                          const std::optional<std::string>& file_name = std::nullopt) {
  std::string item = "dataset " + owner + "/" + slug;
  if (version) item += " version " + std::to_string(*version);
  if (file_name) item += " file " + *file_name;
  return item;
}

// Write a JSON object with the dataset's owner and slug and let `more` add members.
template <class More> std::string dataset_body(const std::string& owner, const std::string& slug, More more) {
  std::ostringstream out;
  util::JsonWriter json(out, 0);
  json.begin_object().field("ownerSlug", owner).field("datasetSlug", slug);
  more(json);
  json.end_object();
  return out.str();
}

} // namespace

std::optional<std::string> cleartext_warning(std::string_view endpoint) {
  if (!net::is_cleartext_remote(endpoint)) return std::nullopt;
  return "the API endpoint " + std::string(endpoint) +
         " is plain http:// to another host: credentials and data cross the network unencrypted; use https://";
}

util::Result<std::string> choose_api_endpoint(const std::optional<std::string>& flag,
                                              const std::optional<std::string>& env_value) {
  const bool from_flag = flag && !flag->empty();
  std::string base = from_flag ? *flag : (env_value && !env_value->empty() ? *env_value : k_default_api_endpoint);
  if (!is_http_url(base) || base.find_first_of(" \t\r\n?#") != std::string::npos) {
    return util::make_error(ErrorKind::usage,
                            std::string("invalid API endpoint in ") + (from_flag ? "--api-endpoint" : "KAGGLE_API_ENDPOINT"),
                            "'" + base + "' is not an http:// or https:// base URL",
                            "use e.g. https://api.kaggle.com or http://127.0.0.1:8080");
  }
  return strip_trailing_slashes(std::move(base));
}

KaggleClient::KaggleClient(std::string base_url, Credentials credentials, net::HttpClient& http,
                           util::Logger& logger, net::RetryConfig retry)
    : m_base_url(strip_trailing_slashes(std::move(base_url))), m_credentials(std::move(credentials)), m_http(http),
      m_logger(logger), m_retry(std::move(retry)) {
  if (ends_with(m_base_url, "/api/v1")) m_base_url.resize(m_base_url.size() - 7);
  if (!m_credentials.secret.empty()) m_logger.add_secret(m_credentials.secret);
}

std::string KaggleClient::method_url(std::string_view method) const {
  const std::string prefix = m_base_url == k_default_api_endpoint ? "/v1/" : "/api/v1/";
  return m_base_url + prefix + k_service + "/" + std::string(method);
}

net::RequestHeaders KaggleClient::auth_headers() const {
  net::RequestHeaders headers;
  const std::string authorization = m_credentials.authorization();
  if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
  return headers;
}

util::Result<net::HttpResponse> KaggleClient::call(std::string_view method, const std::string& body,
                                                   const std::string& item, bool expect_redirect) {
  for (int attempts = 1;; ++attempts) {
    auto response = attempt(method, body, item, expect_redirect);
    if (response || response.error().kind != ErrorKind::temporary) return response;
    util::Error error = response.error();
    if (util::stop_requested() || !m_retry.may_retry(attempts)) {
      if (attempts > 1 || m_retry.budget_spent()) {
        error.why += " (after " + std::to_string(attempts) + " attempt" + (attempts > 1 ? "s" : "") +
                     (m_retry.budget_spent() ? "; the run's retry budget is spent" : "") + ")";
      }
      return error;
    }
    m_logger.warn("Kaggle API call failed, retrying",
                  {{"method", std::string(method)}, {"item", item}, {"attempt", std::to_string(attempts)},
                   {"error", error.message()}});
    if (!m_retry.wait(attempts, m_last_retry_after)) util::throw_if_stop_requested();
  }
}

util::Result<net::HttpResponse> KaggleClient::attempt(std::string_view method, const std::string& body,
                                                      const std::string& item, bool expect_redirect) {
  const CallContext context{std::string(method), item};
  const std::string url = method_url(method);
  m_last_retry_after.reset();
  net::RequestHeaders headers = auth_headers();
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", "application/json");
  m_logger.debug("kaggle api call", {{"method", std::string(method)}, {"item", item}, {"url", net::redact_url(url)}});

  auto response = m_http.request("POST", url, headers, body);
  if (!response) {
    util::Error error = response.error();
    error.why = error.what + ": " + error.why;
    error.what = "Kaggle API " + std::string(method) + " failed for " + item;
    return error;
  }
  m_logger.debug("kaggle api answer", {{"method", std::string(method)}, {"status", std::to_string(response->status)}});
  if (response->status == 429 || response->status == 503) {
    if (auto value = response->headers.get("Retry-After")) {
      m_last_retry_after = net::parse_retry_after(*value, util::system_now());
    }
  }
  if (auto error = response_error(response->status, response->body, context)) return *error;
  const bool is_redirect = response->status >= 300 && response->status < 400;
  if (is_redirect != expect_redirect) {
    return util::make_error(ErrorKind::temporary, "Kaggle API " + std::string(method) + " failed for " + item,
                            "unexpected HTTP " + std::to_string(response->status) +
                                (expect_redirect ? " instead of a redirect to the download" : " redirect"),
                            "check --api-endpoint / KAGGLE_API_ENDPOINT points at the Kaggle API host");
  }
  return response;
}

util::Result<Dataset> KaggleClient::get_dataset(const std::string& owner, const std::string& slug) {
  const std::string item = describe_item(owner, slug, std::nullopt);
  auto response = call("GetDataset", dataset_body(owner, slug, [](util::JsonWriter&) {}), item, false);
  if (!response) return response.error();
  return parse_dataset(response->body, {"GetDataset", item});
}

util::Result<std::vector<DatasetFile>> KaggleClient::list_dataset_files(const std::string& owner,
                                                                        const std::string& slug,
                                                                        std::optional<std::int64_t> version) {
  const std::string item = describe_item(owner, slug, version);
  std::vector<DatasetFile> files;
  std::set<std::string> seen_tokens;
  std::string token;
  for (int page = 0; page < k_max_file_pages; ++page) {
    const std::string body = dataset_body(owner, slug, [&](util::JsonWriter& json) {
      if (version) json.field("datasetVersionNumber", *version);
      if (!token.empty()) json.field("pageToken", token);
      json.field("pageSize", k_files_page_size);
    });
    auto response = call("ListDatasetFiles", body, item, false);
    if (!response) return response.error();
    auto parsed = parse_file_page(response->body, {"ListDatasetFiles", item});
    if (!parsed) return parsed.error();
    for (auto& file : parsed->files) files.push_back(std::move(file));
    token = parsed->next_page_token;
    if (token.empty()) return files;
    if (!seen_tokens.insert(token).second) {
      return util::make_error(ErrorKind::temporary, "Kaggle API ListDatasetFiles failed for " + item,
                              "the server returned the same page token twice", "retry later");
    }
  }
  return util::make_error(ErrorKind::temporary, "Kaggle API ListDatasetFiles failed for " + item,
                          "more than " + std::to_string(k_max_file_pages) + " pages", "retry later");
}

util::Result<DatasetMetadata> KaggleClient::get_dataset_metadata(const std::string& owner, const std::string& slug) {
  const std::string item = describe_item(owner, slug, std::nullopt);
  auto response = call("GetDatasetMetadata", dataset_body(owner, slug, [](util::JsonWriter&) {}), item, false);
  if (!response) return response.error();
  return parse_metadata(response->body, {"GetDatasetMetadata", item});
}

util::Result<std::vector<Dataset>> KaggleClient::list_datasets(const std::string& search, const std::string& user,
                                                               std::size_t max_results) {
  const std::string item = "datasets matching '" + search + "'" + (user.empty() ? "" : " owned by " + user);
  std::vector<Dataset> datasets;
  std::set<std::string> seen_refs;
  for (int page = 1; page <= k_max_dataset_pages && datasets.size() < max_results; ++page) {
    std::ostringstream out;
    util::JsonWriter json(out, 0);
    json.begin_object();
    if (!user.empty()) json.field("group", "DATASET_SELECTION_GROUP_USER").field("user", user);
    if (!search.empty()) json.field("search", search);
    json.field("page", page).end_object();
    auto response = call("ListDatasets", out.str(), item, false);
    if (!response) return response.error();
    auto parsed = parse_dataset_page(response->body, {"ListDatasets", item});
    if (!parsed) return parsed.error();
    if (parsed->datasets.empty()) break;
    bool any_new = false;
    for (auto& dataset : parsed->datasets) {
      if (datasets.size() >= max_results) break;
      if (!seen_refs.insert(dataset.ref).second) continue; // a server that ignores `page` repeats itself
      any_new = true;
      datasets.push_back(std::move(dataset));
    }
    if (!any_new) break;
  }
  return datasets;
}

util::Result<DownloadTarget> KaggleClient::resolve_download(const std::string& owner, const std::string& slug,
                                                            std::optional<std::int64_t> version,
                                                            const std::optional<std::string>& file_name) {
  const std::string item = describe_item(owner, slug, version, file_name);
  const std::string body = dataset_body(owner, slug, [&](util::JsonWriter& json) {
    if (version) json.field("datasetVersionNumber", *version);
    if (file_name) json.field("fileName", *file_name);
  });
  auto response = call("DownloadDataset", body, item, true);
  if (!response) return response.error();
  const std::string what = "Kaggle API DownloadDataset failed for " + item;
  const auto location = response->headers.get("Location");
  if (!location || location->empty()) {
    return util::make_error(ErrorKind::temporary, what, "the redirect has no Location header", "retry later");
  }
  DownloadTarget target;
  target.url = *location;
  if (target.url.front() == '/') target.url = net::url_origin(m_base_url) + target.url;
  if (!is_http_url(target.url)) {
    return util::make_error(ErrorKind::temporary, what,
                            "the redirect points at a non-HTTP location: " + net::redact_url(target.url),
                            "retry later; report it if it persists");
  }
  target.object_name = net::last_path_segment(target.url);
  if (target.object_name.empty() || target.object_name == "." || target.object_name == "..") {
    return util::make_error(ErrorKind::temporary, what,
                            "the storage URL " + net::redact_url(target.url) + " names no object",
                            "retry later; report it if it persists");
  }
  return target;
}

} // namespace fk::kaggle
