#include "metrics/publish.hpp"

#include "net/http_client.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace fk::metrics {

util::Status write_textfile(const std::filesystem::path& path, RunMetrics metrics) {
  if (!metrics.last_success_seconds) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      if (auto previous = util::read_file(path)) {
        metrics.last_success_seconds = find_sample(*previous, k_last_success_name, sample_labels(metrics));
      }
    }
  }
  return util::write_file_atomic(path, format_text(metrics), 0644);
}

util::Status push(const PushTarget& target, const Labels& grouping, const RunMetrics& metrics,
                  std::chrono::seconds timeout) {
  net::HttpOptions options;
  options.connect_timeout = timeout;
  options.stall_timeout = timeout;
  options.request_timeout = timeout;
  options.max_body_bytes = 1 << 20;
  options.stop_on_signal = false; // an interrupted run still reports that it was interrupted
  net::HttpClient http(options);
  net::RequestHeaders headers{{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}};
  if (target.username) {
    headers.emplace_back("Authorization",
                         "Basic " + util::base64_encode(*target.username + ":" + target.password.value_or("")));
  }
  const std::string url = target.base_url + grouping_path(grouping);
  const std::string_view method = push_method(metrics);
  auto response = http.request(method, url, headers, format_text(metrics));
  if (!response) return response.error();
  if (response->status < 200 || response->status > 299) {
    std::string body = response->body.substr(0, 300);
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
    return util::make_error(util::ErrorKind::temporary, "cannot " + std::string(method) + " " + url,
                            "the Pushgateway answered HTTP " + std::to_string(response->status) +
                                (body.empty() ? "" : ": " + body),
                            "check the --pushgateway URL and the gateway's log");
  }
  return util::Ok{};
}

} // namespace fk::metrics
