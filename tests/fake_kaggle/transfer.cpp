#include "fake_kaggle/transfer.hpp"

#include <algorithm>
#include <vector>

namespace fk::fake_kaggle {

namespace {

constexpr std::size_t k_plain_chunk = 256U * 1024U;

// State shared by the calls of one body's content provider.
struct BodyStream {
  BodyReader reader;
  std::uint64_t length = 0;
  std::optional<std::uint64_t> cut_after;
  std::unique_ptr<RateLimiter> trickle;
  RateLimiter* throttle = nullptr;
  const std::atomic<bool>* stopping = nullptr;
  std::shared_ptr<std::atomic<std::uint64_t>> sent;
  std::vector<char> buffer;

  // Send the next piece from `offset`; false closes the connection (cut, stop or read error).
  bool send_next(std::uint64_t offset, httplib::DataSink& sink) {
    if (cut_after && offset >= *cut_after) return false;
    if (stopping != nullptr && stopping->load()) return false;
    std::uint64_t limit = std::min<std::uint64_t>(length - offset, k_plain_chunk);
    if (cut_after) limit = std::min(limit, *cut_after - offset);
    if (trickle) limit = std::min<std::uint64_t>(limit, trickle->chunk_size());
    if (throttle != nullptr) limit = std::min<std::uint64_t>(limit, throttle->chunk_size());
    const auto size = static_cast<std::size_t>(limit);
    if (trickle && !trickle->acquire(size, *stopping)) return false;
    if (throttle != nullptr && !throttle->acquire(size, *stopping)) return false;
    buffer.resize(std::max(buffer.size(), size));
    if (!reader(offset, buffer.data(), size)) return false;
    if (!sink.write(buffer.data(), size)) return false;
    sent->fetch_add(size);
    return true;
  }
};

} // namespace

ExchangeNotes& current_notes() {
  thread_local ExchangeNotes notes;
  return notes;
}

bool needs_streaming(const FaultRule* fault) {
  return fault != nullptr && (fault->cut_after_bytes || fault->trickle_bytes_per_sec || fault->omits("Content-Length"));
}

void send_body(httplib::Response& response, const std::string& content_type, BodyReader reader,
               const SendOptions& options) {
  static const std::atomic<bool> k_never{false};
  auto stream = std::make_shared<BodyStream>();
  stream->reader = std::move(reader);
  stream->length = options.length;
  stream->throttle = options.throttle;
  stream->stopping = options.stopping != nullptr ? options.stopping : &k_never;
  stream->sent = std::make_shared<std::atomic<std::uint64_t>>(0);
  current_notes().streamed_bytes = stream->sent;
  const FaultRule* fault = options.fault;
  if (fault != nullptr) {
    stream->cut_after = fault->cut_after_bytes;
    if (fault->trickle_bytes_per_sec) stream->trickle = std::make_unique<RateLimiter>(*fault->trickle_bytes_per_sec);
  }
  if (options.length == 0 && (fault == nullptr || !fault->omits("Content-Length"))) {
    response.set_content("", content_type); // httplib wants a positive length for a provider
    return;
  }
  if (fault != nullptr && fault->omits("Content-Length")) {
    // Without a length the body ends when the connection closes; httplib 0.11 would keep it open
    // after sink.done(), so end it by failing the provider once everything is sent.
    response.set_header("Connection", "close");
    response.set_content_provider(content_type, [stream](std::size_t offset, httplib::DataSink& sink) {
      return offset < stream->length && stream->send_next(offset, sink);
    });
    return;
  }
  response.set_content_provider(static_cast<std::size_t>(options.length), content_type,
                                [stream](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                  return stream->send_next(offset, sink);
                                });
}

Reply fault_reply(const FaultRule& rule) {
  const int status = rule.status.value_or(500);
  std::string message = "Injected fault";
  if (status == 429) message = "Too many requests";
  else if (status == 503) message = "Service unavailable";
  else if (status >= 500) message = "Internal error";
  return error_reply(status, message);
}

void send_reply(httplib::Response& response, const Reply& reply, const std::optional<AppliedFault>& fault,
                const std::atomic<bool>& stopping) {
  const FaultRule* rule = fault ? &fault->rule : nullptr;
  response.status = reply.status;
  if (rule != nullptr && rule->retry_after) response.set_header("Retry-After", *rule->retry_after);
  if (!reply.location.empty()) response.set_header("Location", reply.location);
  std::string body = reply.body;
  if (!reply.error_message.empty()) {
    const ErrorShape shape = rule != nullptr && rule->error_shape ? *rule->error_shape : ErrorShape::legacy;
    body = error_body(reply.status, reply.error_message, shape);
  }
  if (body.empty() || !needs_streaming(rule)) {
    response.set_content(body, reply.content_type.empty() ? "text/plain" : reply.content_type);
    if (reply.content_type.empty()) response.headers.erase("Content-Type");
    return;
  }
  auto shared = std::make_shared<const std::string>(std::move(body));
  SendOptions options;
  options.length = shared->size();
  options.fault = rule;
  options.stopping = &stopping;
  send_body(response, reply.content_type, [shared](std::uint64_t offset, char* buffer, std::size_t size) {
    std::copy_n(shared->data() + offset, size, buffer);
    return true;
  }, options);
}

} // namespace fk::fake_kaggle
