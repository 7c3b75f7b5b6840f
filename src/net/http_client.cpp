#include "net/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <string>

#include "net/url.hpp"
#include "util/signals.hpp"
#include "util/version.hpp"

namespace fk::net {

namespace {

using util::ErrorKind;

void global_init_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Own a curl_slist.
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

// Classify a libcurl failure; everything network-shaped is temporary.
util::Error curl_error(CURLcode code, std::string_view method, const std::string& url, const char* detail) {
  const std::string what = "cannot " + std::string(method) + " " + redact_url(url);
  std::string why = (detail != nullptr && detail[0] != '\0') ? std::string(detail) : curl_easy_strerror(code);
  while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
  switch (code) {
  case CURLE_ABORTED_BY_CALLBACK:
    return util::make_error(ErrorKind::interrupted, what, "the transfer was stopped by a signal",
                            "run again to resume");
  case CURLE_UNSUPPORTED_PROTOCOL:
  case CURLE_URL_MALFORMAT:
  case CURLE_BAD_FUNCTION_ARGUMENT:
    return util::make_error(ErrorKind::usage, what, why, "check the URL (only http and https are allowed)");
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CERTPROBLEM:
    return util::make_error(ErrorKind::usage, what, why,
                            "check the system CA certificates (ca-certificates) or the proxy's TLS setup");
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_RESOLVE_HOST:
    return util::make_error(ErrorKind::temporary, what, why,
                            "check DNS and the proxy settings (KAGGLE_PROXY, https_proxy), then retry");
  default:
    return util::make_error(ErrorKind::temporary, what, why, "check the network connection and retry later");
  }
}

} // namespace

// The state of one transfer, shared with libcurl's callbacks.
struct HttpClient::Transfer {
  CURL* handle = nullptr;
  long status = 0;
  HttpHeaders headers;
  bool headers_done = false;
  bool aborted = false;
  bool too_large = false;
  std::uint64_t bytes = 0;
  std::uint64_t max_body = 0;
  std::string* body = nullptr;            // request(): collect here
  const HeadersCallback* on_headers = nullptr; // get_stream()
  const DataCallback* on_data = nullptr;

  static std::size_t header_cb(char* data, std::size_t size, std::size_t count, void* user) {
    auto& self = *static_cast<Transfer*>(user);
    const std::size_t total = size * count;
    const std::string_view line(data, total);
    if (line.rfind("HTTP/", 0) == 0) {
      // A new response begins (after a 1xx); forget the earlier one's fields.
      self.headers.clear();
      self.headers_done = false;
      return total;
    }
    if (line == "\r\n" || line == "\n") {
      long status = 0;
      curl_easy_getinfo(self.handle, CURLINFO_RESPONSE_CODE, &status);
      if (status >= 100 && status < 200) return total;
      self.status = status;
      self.headers_done = true;
      if (self.on_headers != nullptr && *self.on_headers && !(*self.on_headers)(status, self.headers)) {
        self.aborted = true;
        return 0;
      }
      return total;
    }
    self.headers.add_line(line);
    return total;
  }

  static std::size_t write_cb(char* data, std::size_t size, std::size_t count, void* user) {
    auto& self = *static_cast<Transfer*>(user);
    const std::size_t total = size * count;
    if (self.body != nullptr) {
      if (self.bytes + total > self.max_body) {
        self.too_large = true;
        return 0;
      }
      self.body->append(data, total);
    } else if (self.on_data != nullptr && *self.on_data && !(*self.on_data)(std::string_view(data, total))) {
      self.aborted = true;
      return 0;
    }
    self.bytes += total;
    return total;
  }

  static int progress_cb(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return util::stop_requested() ? 1 : 0;
  }
};

struct HttpClient::Impl {
  CURL* handle = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

HttpClient::HttpClient(HttpOptions options) : m_options(std::move(options)), m_impl(std::make_unique<Impl>()) {
  global_init_once();
  if (m_options.user_agent.empty()) m_options.user_agent = std::string("fetch-kaggle/") + util::k_version;
  m_impl->handle = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (m_impl && m_impl->handle != nullptr) curl_easy_cleanup(m_impl->handle);
}

util::Status HttpClient::perform(Transfer& transfer, std::string_view method, const std::string& url,
                                 const RequestHeaders& headers, std::string_view body, bool streaming) {
  const std::string what = "cannot " + std::string(method) + " " + redact_url(url);
  CURL* curl = m_impl->handle;
  if (curl == nullptr) {
    return util::make_error(ErrorKind::internal, what, "libcurl could not create a handle", "report this bug");
  }
  curl_easy_reset(curl); // keeps the connection cache, so keep-alive still works
  m_impl->error_buffer[0] = '\0';
  transfer.handle = curl;

  Slist list;
  for (const auto& [name, value] : headers) {
    if (name.empty() || has_line_break(name) || has_line_break(value)) {
      return util::make_error(ErrorKind::usage, what, "header '" + name + "' contains a line break or is empty",
                              "remove control characters from the configured credentials or headers");
    }
    const std::string line = name + ": " + value;
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) return util::make_error(ErrorKind::internal, what, "out of memory building headers");
    static_cast<void>(list.release());
    list.reset(grown);
  }
  if (curl_slist* grown = curl_slist_append(list.get(), "Expect:")) {
    static_cast<void>(list.release());
    list.reset(grown);
  }

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, m_impl->error_buffer);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!m_options.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.ca_bundle.c_str());
  if (!m_options.proxy.empty()) curl_easy_setopt(curl, CURLOPT_PROXY, m_options.proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, m_options.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connect_timeout.count() * 1000));
  // A connection slower than the minimum speed for the whole window is cut (then retried and resumed).
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(std::max<std::uint64_t>(m_options.min_speed_bytes_per_sec, 1)));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(std::max<std::int64_t>(m_options.stall_timeout.count(), 1)));
  if (!streaming) {
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.request_timeout.count() * 1000));
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); // API JSON may come compressed
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Transfer::header_cb);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Transfer::write_cb);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  if (m_options.stop_on_signal) {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &Transfer::progress_cb);
  }

  if (method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    // libcurl copies string options, so a temporary is fine here.
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, std::string(method).c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  }
  if (m_options.stop_on_signal && util::stop_requested()) {
    return util::make_error(ErrorKind::interrupted, what, "a stop was requested", "run again to resume");
  }

  const CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  if (code == CURLE_OK) {
    if (!transfer.headers_done) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.status);
    return util::Ok{};
  }
  if (transfer.too_large) {
    return util::make_error(ErrorKind::temporary, what,
                            "the response is larger than " + std::to_string(m_options.max_body_bytes) + " bytes",
                            "check that the endpoint is a Kaggle API server");
  }
  if (transfer.aborted && code == CURLE_WRITE_ERROR) return util::Ok{};
  return curl_error(code, method, url, m_impl->error_buffer);
}

util::Result<HttpResponse> HttpClient::request(std::string_view method, const std::string& url,
                                               const RequestHeaders& headers, std::string_view body) {
  HttpResponse response;
  Transfer transfer;
  transfer.body = &response.body;
  transfer.max_body = m_options.max_body_bytes;
  auto status = perform(transfer, method, url, headers, body, false);
  if (!status.ok()) return status.error();
  response.status = transfer.status;
  response.headers = std::move(transfer.headers);
  return response;
}

util::Result<StreamOutcome> HttpClient::get_stream(const std::string& url, const RequestHeaders& headers,
                                                   std::uint64_t range_start, const HeadersCallback& on_headers,
                                                   const DataCallback& on_data) {
  Transfer transfer;
  transfer.on_headers = &on_headers;
  transfer.on_data = &on_data;
  RequestHeaders all = headers;
  if (range_start > 0) all.emplace_back("Range", "bytes=" + std::to_string(range_start) + "-");
  auto status = perform(transfer, "GET", url, all, {}, true);
  if (!status.ok()) return status.error();
  StreamOutcome outcome;
  outcome.status = transfer.status;
  outcome.bytes_received = transfer.bytes;
  outcome.headers = std::move(transfer.headers);
  outcome.aborted_by_caller = transfer.aborted;
  return outcome;
}

} // namespace fk::net
