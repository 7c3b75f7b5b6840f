#include "fake_kaggle/server.hpp"

#include "fake_kaggle/api.hpp"
#include "fake_kaggle/storage.hpp"
#include "fake_kaggle/transfer.hpp"
#include "util/atomic_file.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"
#include "util/signals.hpp"

#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <thread>

namespace fk::fake_kaggle {

namespace fs = std::filesystem;

namespace {

constexpr auto k_poll_interval = std::chrono::milliseconds(20);
constexpr auto k_shutdown_grace = std::chrono::milliseconds(700);

std::multimap<std::string, std::string> query_of(const httplib::Request& request) {
  return {request.params.begin(), request.params.end()};
}

} // namespace

FakeKaggleServer::FakeKaggleServer(Options options)
    : m_options(std::move(options)), m_store(m_options.datasets_dir),
      m_logger(std::cerr, util::LogFormat::text, util::LogLevel::info) {}

FakeKaggleServer::~FakeKaggleServer() { remove_temporary_cache(); }

util::Result<std::unique_ptr<FakeKaggleServer>> FakeKaggleServer::create(Options options) {
  std::unique_ptr<FakeKaggleServer> server(new FakeKaggleServer(std::move(options)));
  const Options& opts = server->m_options;
  for (const std::string& spec : opts.users) {
    if (auto added = server->m_credentials.add_user(spec); !added) return added.error();
  }
  for (const std::string& spec : opts.tokens) {
    if (auto added = server->m_credentials.add_token(spec); !added) return added.error();
  }
  for (std::string secret : server->m_credentials.secrets()) server->m_logger.add_secret(std::move(secret));
  if (!opts.faults_file.empty()) {
    auto text = util::read_file(opts.faults_file);
    if (!text) return text.error();
    auto rules = parse_fault_rules(*text, "fault file " + opts.faults_file.string());
    if (!rules) return rules.error();
    server->m_faults.append(std::move(*rules));
  }
  auto log = RequestLog::open(opts.request_log);
  if (!log) return log.error();
  server->m_request_log = std::move(*log);
  fs::path cache = opts.cache_dir;
  if (cache.empty()) {
    std::string pattern = (fs::temp_directory_path() / "fake-kaggle-cache-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return util::io_error("cannot create a temporary zip cache", errno, fs::temp_directory_path());
    }
    cache = pattern;
    server->m_temporary_cache = cache;
  } else if (auto created = util::create_directories(cache); !created) {
    return created.error();
  }
  server->m_zips = std::make_unique<ZipCache>(cache);
  if (opts.throttle_bytes_per_sec > 0) server->m_throttle = std::make_unique<RateLimiter>(opts.throttle_bytes_per_sec);
  server->add_routes();
  server->add_control_routes();
  return server;
}

void FakeKaggleServer::remove_temporary_cache() noexcept {
  if (m_temporary_cache.empty()) return;
  std::error_code ec;
  fs::remove_all(m_temporary_cache, ec);
  m_temporary_cache.clear();
}

util::Status FakeKaggleServer::start() {
  const std::string where = m_options.host + ":" + std::to_string(m_options.port);
  if (m_options.port == 0) {
    m_port = m_http.bind_to_any_port(m_options.host);
  } else if (m_http.bind_to_port(m_options.host, m_options.port)) {
    m_port = m_options.port;
  } else {
    m_port = -1;
  }
  if (m_port <= 0) {
    return util::make_error(util::ErrorKind::usage, "cannot listen on " + where, "bind failed (in use or bad address)",
                            "pass --port 0 to pick a free port, or another --host");
  }
  if (!m_options.port_file.empty()) {
    if (auto written = util::write_file_atomic(m_options.port_file, std::to_string(m_port) + "\n"); !written) {
      return written.error();
    }
  }
  m_logger.info("listening", {{"url", "http://" + m_options.host + ":" + std::to_string(m_port)},
                              {"datasets", m_options.datasets_dir.string()},
                              {"zip_cache", m_zips->dir().string()}});
  return util::Ok{};
}

void FakeKaggleServer::run() {
  std::mutex mutex;
  std::condition_variable listen_returned;
  bool done = false;
  std::thread watcher([&] {
    while (!m_stopping.load() && !util::stop_requested()) std::this_thread::sleep_for(k_poll_interval);
    m_stopping.store(true); // streaming bodies and throttles see this and end their connections
    m_http.stop();
    std::unique_lock lock(mutex);
    if (!listen_returned.wait_for(lock, k_shutdown_grace, [&] { return done; })) {
      // An idle keep-alive connection can hold httplib's workers for seconds: do not wait for it.
      m_logger.info("stopping now; idle connections are dropped");
      remove_temporary_cache();
      std::cerr.flush();
      std::_Exit(0);
    }
  });
  m_http.listen_after_bind();
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  listen_returned.notify_all();
  m_stopping.store(true);
  watcher.join();
  m_logger.info("stopped");
}

std::string FakeKaggleServer::storage_base(const httplib::Request& request) const {
  const std::string& host = m_options.host;
  if (host == "0.0.0.0" || host == "::" || host.empty()) {
    const std::string from_request = request.get_header_value("Host");
    if (!from_request.empty()) return "http://" + from_request;
  }
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(m_port);
}

void FakeKaggleServer::serve_api(const httplib::Request& request, httplib::Response& response,
                                 const std::string& method, const std::function<util::Result<ApiRequest>()>& parse) {
  ExchangeNotes& notes = current_notes();
  notes.api_method = method;
  const auto fault = m_faults.take(RequestKind::api, method);
  if (fault) notes.fault = fault->index;
  if (fault && fault->rule.status && *fault->rule.status >= 300) {
    send_reply(response, fault_reply(fault->rule), fault, m_stopping);
    return;
  }
  const auto caller = m_credentials.identify(request.get_header_value("Authorization"));
  if (!caller) {
    send_reply(response, error_reply(401, "Unauthenticated"), fault, m_stopping);
    return;
  }
  auto parsed = parse();
  if (!parsed) {
    send_reply(response, error_reply(400, parsed.error().message()), fault, m_stopping);
    return;
  }
  const ApiContext context{m_store, storage_base(request), m_options.zip_single_files_above,
                           m_options.list_page_size};
  send_reply(response, handle_api(context, *caller, *parsed), fault, m_stopping);
}

void FakeKaggleServer::add_routes() {
  m_http.set_keep_alive_timeout(5);
  m_http.set_pre_routing_handler([](const httplib::Request& request, httplib::Response&) {
    current_notes() = ExchangeNotes{};
    // httplib 0.11 would slice bodies by Range itself (and breaks 416 bodies); storage handles Range.
    // The Request object is not const inside httplib, so clearing it here is well-defined.
    const_cast<httplib::Request&>(request).ranges.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  m_http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty() || response.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
    const std::string message = response.status == 404   ? "Not found"
                                : response.status == 400 ? "Bad request"
                                : response.status == 405 ? "Method not allowed"
                                : response.status == 413 ? "Payload too large"
                                                         : "HTTP error " + std::to_string(response.status);
    response.set_content(error_body(response.status, message, ErrorShape::legacy), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  }));
  m_http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
    std::string what = "unknown exception";
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    response.status = 500;
    response.set_content(error_body(500, "fake-kaggle internal error: " + what, ErrorShape::legacy), "application/json");
  });
  m_http.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    log_exchange(request, response);
  });

  m_http.Post(R"((?:/api)?/v1/datasets\.DatasetApiService/([A-Za-z]+))",
              [this](const httplib::Request& request, httplib::Response& response) {
                const std::string method = request.matches[1].str();
                serve_api(request, response, method, [&] { return parse_api_request(method, request.body); });
              });
  // Generation B (legacy REST) reads.
  m_http.Get(R"(/api/v1/datasets/(view|metadata|status)/([^/]+)/([^/]+))",
             [this](const httplib::Request& request, httplib::Response& response) {
               const std::string kind = request.matches[1].str();
               const std::string method = kind == "view" ? "GetDataset" : kind == "metadata" ? "GetDatasetMetadata"
                                                                                            : "GetDatasetStatus";
               serve_api(request, response, method, [&] {
                 return legacy_api_request(method, request.matches[2].str(), request.matches[3].str(), std::nullopt,
                                           query_of(request));
               });
             });
  m_http.Get(R"(/api/v1/datasets/list)", [this](const httplib::Request& request, httplib::Response& response) {
    serve_api(request, response, "ListDatasets",
              [&] { return legacy_api_request("ListDatasets", "", "", std::nullopt, query_of(request)); });
  });
  m_http.Get(R"(/api/v1/datasets/list/([^/]+)/([^/]+))",
             [this](const httplib::Request& request, httplib::Response& response) {
               serve_api(request, response, "ListDatasetFiles", [&] {
                 return legacy_api_request("ListDatasetFiles", request.matches[1].str(), request.matches[2].str(),
                                           std::nullopt, query_of(request));
               });
             });
  m_http.Get(R"(/api/v1/datasets/download/([^/]+)/([^/]+)(?:/(.+))?)",
             [this](const httplib::Request& request, httplib::Response& response) {
               serve_api(request, response, "DownloadDataset", [&] {
                 std::optional<std::string> file;
                 if (request.matches[3].matched) file = request.matches[3].str();
                 return legacy_api_request("DownloadDataset", request.matches[1].str(), request.matches[2].str(),
                                           file, query_of(request));
               });
             });
  m_http.Get(R"(/storage/([^/]+)/([^/]+)/([^/]+)/(.+))",
             [this](const httplib::Request& request, httplib::Response& response) {
               const StorageContext context{m_store, *m_zips, m_digests, m_faults, m_expired_urls, m_throttle.get(), m_stopping};
               handle_storage(context, request, response);
             });
}

} // namespace fk::fake_kaggle
