#include "fake_kaggle/server.hpp"

#include "fake_kaggle/api.hpp"
#include "fake_kaggle/transfer.hpp"
#include "util/clock.hpp"

#include <chrono>

namespace fk::fake_kaggle {

namespace {

bool is_internal_header(const std::string& name) {
  // httplib adds these to every request; they were not sent by the client.
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

void reply_json(httplib::Response& response, int status, const std::string& body) {
  response.status = status;
  response.set_content(body, "application/json");
}

} // namespace

void FakeKaggleServer::add_control_routes() {
  m_http.Get("/_control/faults", [this](const httplib::Request&, httplib::Response& response) {
    current_notes().skip_log = true;
    reply_json(response, 200, m_faults.to_json());
  });
  m_http.Post("/_control/faults", [this](const httplib::Request& request, httplib::Response& response) {
    current_notes().skip_log = true;
    auto rules = parse_fault_rules(request.body, "POST /_control/faults body");
    if (!rules) {
      reply_json(response, 400, error_body(400, rules.error().message(), ErrorShape::legacy));
      return;
    }
    m_faults.append(std::move(*rules));
    reply_json(response, 200, m_faults.to_json());
  });
  m_http.Delete("/_control/faults", [this](const httplib::Request&, httplib::Response& response) {
    current_notes().skip_log = true;
    m_faults.clear();
    reply_json(response, 200, "[]");
  });
  m_http.Get("/_control/requests", [this](const httplib::Request&, httplib::Response& response) {
    current_notes().skip_log = true;
    reply_json(response, 200, m_request_log->json_array());
  });
  m_http.Delete("/_control/requests", [this](const httplib::Request&, httplib::Response& response) {
    current_notes().skip_log = true;
    m_request_log->clear();
    reply_json(response, 200, "[]");
  });
}

void FakeKaggleServer::log_exchange(const httplib::Request& request, const httplib::Response& response) {
  ExchangeNotes notes = std::move(current_notes());
  current_notes() = ExchangeNotes{};
  if (notes.skip_log) return;
  RequestRecord record;
  record.time = util::format_iso8601(notes.started_at, true);
  record.method = request.method;
  record.path = request.path;
  const auto question = request.target.find('?');
  if (question != std::string::npos) record.query = request.target.substr(question + 1);
  for (const auto& [name, value] : request.headers) {
    if (is_internal_header(name)) continue;
    if (!record.headers.empty() && record.headers.back().first == name) {
      record.headers.back().second += ", " + value;
    } else {
      record.headers.emplace_back(name, value);
    }
  }
  if (request.method != "GET" && request.method != "HEAD") record.body = request.body;
  record.status = response.status;
  record.bytes_sent = notes.streamed_bytes ? notes.streamed_bytes->load() : response.body.size();
  record.fault = notes.fault;
  record.auth_on_storage = notes.auth_on_storage;
  record.api_method = notes.api_method;
  record.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                             notes.started_steady)
                           .count();
  m_request_log->append(record);
  m_logger.info("request", {{"method", record.method},
                            {"path", record.path},
                            {"status", std::to_string(record.status)},
                            {"bytes", std::to_string(record.bytes_sent)},
                            {"fault", notes.fault ? std::to_string(*notes.fault) : "-"}});
}

} // namespace fk::fake_kaggle
