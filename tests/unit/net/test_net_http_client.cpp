#include "net/header_parsers.hpp"
#include "net/http_client.hpp"
#include "util/signals.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

using namespace fk::net;
using namespace std::chrono_literals;

namespace {

// A real loopback server on 127.0.0.1 with the routes these tests need.
class LoopbackServer {
public:
  LoopbackServer() {
    for (std::size_t i = 0; i < m_blob.size(); ++i) m_blob[i] = static_cast<char>('a' + i % 26);
    m_server.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_header("X-Seen-Content-Type", req.get_header_value("Content-Type"));
      res.set_content(req.body, "application/json");
    });
    m_server.Get("/redirect", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.status = 302;
      res.set_header("Location", "/blob?X-Goog-Signature=secret");
    });
    m_server.Get("/blob", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_header("Accept-Ranges", "bytes");
      res.set_header("x-goog-hash", "crc32c=n03x6A==");
      res.set_header("X-Goog-Hash", "md5=Ojk9c3dhfxgoKVVHYwFbHQ==");
      res.set_content(m_blob, "application/octet-stream"); // httplib answers Range requests with 206
    });
    m_server.Get("/hang", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      for (int i = 0; i < 100 && !m_stopping; ++i) std::this_thread::sleep_for(50ms);
      res.set_content("late", "text/plain");
    });
    // A request sent through this server as an HTTP proxy arrives with an absolute URL as its path.
    m_server.Get(R"(http://fk-proxy-test\.invalid/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_content("via proxy " + req.path, "text/plain");
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~LoopbackServer() {
    m_stopping = true;
    m_server.stop();
    m_thread.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }
  const std::string& blob() const { return m_blob; }
  std::vector<std::string> authorizations() {
    std::lock_guard lock(m_mutex);
    return m_authorizations;
  }

private:
  void record(const httplib::Request& req) {
    std::lock_guard lock(m_mutex);
    m_authorizations.push_back(req.get_header_value("Authorization"));
  }

  httplib::Server m_server;
  std::thread m_thread;
  int m_port = 0;
  std::string m_blob = std::string(3 << 20, '\0');
  std::atomic<bool> m_stopping{false};
  std::mutex m_mutex;
  std::vector<std::string> m_authorizations;
};

HttpOptions quick_options() {
  HttpOptions options;
  options.connect_timeout = 5s;
  options.stall_timeout = 10s;
  options.request_timeout = 20s;
  return options;
}

} // namespace

TEST_CASE("request POSTs a body with headers and returns status, headers and body") {
  LoopbackServer server;
  HttpClient client(quick_options());
  auto response = client.request("POST", server.url("/echo"), {{"Content-Type", "application/json"}}, R"({"a":1})");
  REQUIRE(response.ok());
  CHECK(response->status == 200);
  CHECK(response->body == R"({"a":1})");
  CHECK(response->headers.get("x-seen-content-type") == std::string("application/json"));
  // The same client can be reused (keep-alive).
  auto again = client.request("POST", server.url("/echo"), {}, "second");
  REQUIRE(again.ok());
  CHECK(again->body == "second");
}

TEST_CASE("request does not follow redirects") {
  LoopbackServer server;
  HttpClient client(quick_options());
  auto response = client.request("GET", server.url("/redirect"), {{"Authorization", "Bearer tok"}});
  REQUIRE(response.ok());
  CHECK(response->status == 302);
  CHECK(response->headers.get("location") == std::string("/blob?X-Goog-Signature=secret"));
  CHECK(server.authorizations().size() == 1); // /blob was never requested
}

TEST_CASE("request to a closed port is a temporary error naming the URL without its query") {
  int port = 0;
  {
    httplib::Server probe;
    port = probe.bind_to_any_port("127.0.0.1");
  } // closed again: nothing listens there now
  HttpClient client(quick_options());
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/x?X-Goog-Signature=topsecret";
  auto response = client.request("GET", url, {});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().kind == fk::util::ErrorKind::temporary);
  CHECK(response.error().what.find("/x") != std::string::npos);
  CHECK(response.error().what.find("topsecret") == std::string::npos);
}

TEST_CASE("request rejects header values with line breaks") {
  HttpClient client(quick_options());
  auto response = client.request("GET", "http://127.0.0.1:1/", {{"Authorization", "Bearer a\r\nX-Evil: 1"}});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().kind == fk::util::ErrorKind::usage);
}

TEST_CASE("get_stream delivers the whole body and the headers") {
  LoopbackServer server;
  HttpClient client(quick_options());
  std::string received;
  long seen_status = 0;
  auto outcome = client.get_stream(
      server.url("/blob"), {}, 0,
      [&](long status, const HttpHeaders&) {
        seen_status = status;
        return true;
      },
      [&](std::string_view chunk) {
        received.append(chunk);
        return true;
      });
  REQUIRE(outcome.ok());
  CHECK(outcome->status == 200);
  CHECK(seen_status == 200);
  CHECK(received == server.blob());
  CHECK(outcome->bytes_received == server.blob().size());
  CHECK_FALSE(outcome->aborted_by_caller);
  const auto hash = outcome->headers.get_joined("x-goog-hash");
  REQUIRE(hash);
  CHECK(parse_goog_hash_md5(*hash).has_value());
  CHECK(server.authorizations() == std::vector<std::string>{""});
}

TEST_CASE("get_stream with range_start gets 206 and the tail of the object") {
  LoopbackServer server;
  HttpClient client(quick_options());
  const std::uint64_t start = 1000;
  std::string received;
  auto outcome = client.get_stream(server.url("/blob"), {}, start, [](long, const HttpHeaders&) { return true; },
                                   [&](std::string_view chunk) {
                                     received.append(chunk);
                                     return true;
                                   });
  REQUIRE(outcome.ok());
  CHECK(outcome->status == 206);
  CHECK(received == server.blob().substr(start));
  const auto range = parse_content_range(outcome->headers.get("Content-Range").value_or(""));
  REQUIRE(range);
  CHECK(range->start == start);
  CHECK(range->total == server.blob().size());
}

TEST_CASE("get_stream stops cleanly when a callback returns false") {
  LoopbackServer server;
  HttpClient client(quick_options());
  SECTION("on_data") {
    std::uint64_t seen = 0;
    auto outcome = client.get_stream(server.url("/blob"), {}, 0, [](long, const HttpHeaders&) { return true; },
                                     [&](std::string_view chunk) {
                                       seen += chunk.size();
                                       return false;
                                     });
    REQUIRE(outcome.ok());
    CHECK(outcome->aborted_by_caller);
    CHECK(outcome->status == 200);
    CHECK(seen > 0);
    CHECK(seen < server.blob().size());
  }
  SECTION("on_headers") {
    bool data_called = false;
    auto outcome = client.get_stream(server.url("/blob"), {}, 0, [](long, const HttpHeaders&) { return false; },
                                     [&](std::string_view) {
                                       data_called = true;
                                       return true;
                                     });
    REQUIRE(outcome.ok());
    CHECK(outcome->aborted_by_caller);
    CHECK_FALSE(data_called);
  }
  // The client still works after an abort.
  auto after = client.request("POST", server.url("/echo"), {}, "ok");
  REQUIRE(after.ok());
  CHECK(after->body == "ok");
}

TEST_CASE("a stop request aborts a hanging transfer within a second") {
  LoopbackServer server;
  HttpClient client(quick_options());
  fk::util::install_signal_handlers();
  fk::util::reset_stop_request_for_tests();
  std::thread stopper([] {
    std::this_thread::sleep_for(300ms);
    std::raise(SIGTERM);
  });
  const auto start = std::chrono::steady_clock::now();
  auto response = client.request("GET", server.url("/hang"), {});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  stopper.join();
  fk::util::reset_stop_request_for_tests();
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().kind == fk::util::ErrorKind::interrupted);
  CHECK(elapsed < 1500ms);
}

TEST_CASE("an explicit proxy option routes requests through the proxy") {
  LoopbackServer server;
  HttpOptions options = quick_options();
  options.proxy = server.url("");
  HttpClient client(options);
  auto response = client.request("GET", "http://fk-proxy-test.invalid/object", {});
  REQUIRE(response.ok());
  CHECK(response->status == 200);
  CHECK(response->body == "via proxy http://fk-proxy-test.invalid/object");
}

TEST_CASE("a transfer that stalls longer than the stall timeout fails as temporary") {
  LoopbackServer server;
  HttpOptions options = quick_options();
  options.stall_timeout = 1s;
  HttpClient client(options);
  const auto start = std::chrono::steady_clock::now();
  auto outcome = client.get_stream(server.url("/hang"), {}, 0, [](long, const HttpHeaders&) { return true; },
                                   [](std::string_view) { return true; });
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().kind == fk::util::ErrorKind::temporary);
  CHECK(std::chrono::steady_clock::now() - start < 4s);
}
