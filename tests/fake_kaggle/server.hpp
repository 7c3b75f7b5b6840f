#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "fake_kaggle/api.hpp"
#include "fake_kaggle/auth.hpp"
#include "fake_kaggle/checksums.hpp"
#include "fake_kaggle/dataset_store.hpp"
#include "fake_kaggle/faults.hpp"
#include "fake_kaggle/options.hpp"
#include "fake_kaggle/pacing.hpp"
#include "fake_kaggle/request_log.hpp"
#include "fake_kaggle/storage.hpp"
#include "fake_kaggle/zip_cache.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace fk::fake_kaggle {

// The fake Kaggle HTTP server: dataset API (generations A and B), storage and /_control endpoints.
class FakeKaggleServer {
public:
  // Check `options`, load the fault file and open the request log.
  static util::Result<std::unique_ptr<FakeKaggleServer>> create(Options options);

  FakeKaggleServer(const FakeKaggleServer&) = delete;
  FakeKaggleServer& operator=(const FakeKaggleServer&) = delete;
  // Remove the temporary zip cache, if this server made one.
  ~FakeKaggleServer();

  // Bind and listen, then write the port file.
  util::Status start();

  // Serve until stop() or SIGINT/SIGTERM; returns within about a second of either.
  void run();

  // Ask run() to return.
  void stop() { m_stopping.store(true); }

  // Return the bound port (after start()).
  [[nodiscard]] int port() const { return m_port; }

private:
  explicit FakeKaggleServer(Options options);

  void add_routes();
  void add_control_routes();
  void serve_api(const httplib::Request& request, httplib::Response& response, const std::string& method,
                 const std::function<util::Result<ApiRequest>()>& parse);
  void log_exchange(const httplib::Request& request, const httplib::Response& response);
  [[nodiscard]] std::string storage_base(const httplib::Request& request) const;
  void remove_temporary_cache() noexcept;

  Options m_options;
  httplib::Server m_http;
  DatasetStore m_store;
  Credentials m_credentials;
  FaultBook m_faults;
  ExpiredUrls m_expired_urls;
  std::unique_ptr<RequestLog> m_request_log;
  std::unique_ptr<ZipCache> m_zips;
  DigestCache m_digests;
  std::unique_ptr<RateLimiter> m_throttle;
  util::Logger m_logger;
  std::filesystem::path m_temporary_cache; // removed at exit when set
  std::atomic<bool> m_stopping{false};
  int m_port = 0;
};

} // namespace fk::fake_kaggle
