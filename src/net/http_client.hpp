#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_headers.hpp"
#include "util/error.hpp"

namespace fk::net {

// Configure an HttpClient; TLS verification is always on.
struct HttpOptions {
  std::chrono::seconds connect_timeout{30};    // give up connecting after this
  std::chrono::seconds stall_timeout{60};      // abort a transfer slower than min_speed for this long
  std::uint64_t min_speed_bytes_per_sec = 1024; // the lowest acceptable speed, averaged by libcurl
  std::chrono::seconds request_timeout{300};   // whole-request limit for request() (not get_stream)
  std::string proxy;                           // explicit proxy URL (KAGGLE_PROXY); empty: libcurl's env handling
  std::string ca_bundle;                       // CA bundle file; empty: the system default
  std::string user_agent;                      // empty: "fetch-kaggle/<version>"
  std::uint64_t max_body_bytes = 64ULL << 20;  // request() refuses larger bodies
  bool stop_on_signal = true;                  // abort when SIGINT/SIGTERM arrived (false: a last report after a stop)
};

// Pass request headers as name/value pairs.
using RequestHeaders = std::vector<std::pair<std::string, std::string>>;

// A complete response of request().
struct HttpResponse {
  long status = 0;
  HttpHeaders headers;
  std::string body;
};

// The result of get_stream(): what arrived and whether a callback stopped it.
struct StreamOutcome {
  long status = 0;
  std::uint64_t bytes_received = 0;
  HttpHeaders headers;
  bool aborted_by_caller = false; // a callback returned false
};

// Receive the status and headers before the body; return false to abort.
using HeadersCallback = std::function<bool(long status, const HttpHeaders& headers)>;
// Receive the next chunk of body; return false to abort.
using DataCallback = std::function<bool(std::string_view chunk)>;

// Speak HTTP(S) through one libcurl easy handle, reused for keep-alive. Redirects are never
// followed. Not thread-safe: use one client per thread.
class HttpClient {
public:
  // Create a client with `options`.
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Send `method` ("GET", "POST", ...) to `url` with `headers` and `body`; return the whole response.
  util::Result<HttpResponse> request(std::string_view method, const std::string& url, const RequestHeaders& headers,
                                     std::string_view body = {});

  // GET `url`, streaming the body to `on_data`; sends "Range: bytes=<range_start>-" when range_start > 0.
  util::Result<StreamOutcome> get_stream(const std::string& url, const RequestHeaders& headers,
                                         std::uint64_t range_start, const HeadersCallback& on_headers,
                                         const DataCallback& on_data);

  // Return the options in use.
  [[nodiscard]] const HttpOptions& options() const { return m_options; }

private:
  struct Transfer;
  struct Impl;
  util::Status perform(Transfer& transfer, std::string_view method, const std::string& url,
                       const RequestHeaders& headers, std::string_view body, bool streaming);

  HttpOptions m_options;
  std::unique_ptr<Impl> m_impl;
};

} // namespace fk::net
