#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "fake_kaggle/api.hpp"
#include "fake_kaggle/faults.hpp"
#include "fake_kaggle/pacing.hpp"
#include "util/clock.hpp"

namespace fk::fake_kaggle {

// What the request logger needs to know about the exchange running on this thread.
struct ExchangeNotes {
  util::TimePoint started_at = util::system_now();
  std::chrono::steady_clock::time_point started_steady = std::chrono::steady_clock::now();
  std::optional<std::size_t> fault;
  bool auth_on_storage = false;
  std::optional<std::string> api_method;
  std::shared_ptr<std::atomic<std::uint64_t>> streamed_bytes; // set when the body is streamed
  bool skip_log = false;                                      // control endpoints are not logged
};

// Return the notes of the exchange on the calling thread (httplib runs one exchange per thread at a time).
ExchangeNotes& current_notes();

// Copy `size` body bytes starting at `offset` (relative to the body) into `buffer`; false on failure.
using BodyReader = std::function<bool(std::uint64_t offset, char* buffer, std::size_t size)>;

// How to send a body: its length, the fault modifiers in force and the global throttle.
struct SendOptions {
  std::uint64_t length = 0;
  const FaultRule* fault = nullptr; // cut_after_bytes, trickle_bytes_per_sec, omit_headers["Content-Length"]
  RateLimiter* throttle = nullptr;  // --throttle-bytes-per-sec, or null
  const std::atomic<bool>* stopping = nullptr;
};

// Stream a body from `reader` with `options`, counting sent bytes in current_notes().
void send_body(httplib::Response& response, const std::string& content_type, BodyReader reader,
               const SendOptions& options);

// Return true when `fault` changes how a body is sent (so it must be streamed).
bool needs_streaming(const FaultRule* fault);

// Send `reply` with the fault that applied (error shape, Retry-After, body modifiers).
void send_reply(httplib::Response& response, const Reply& reply, const std::optional<AppliedFault>& fault,
                const std::atomic<bool>& stopping);

// Return the reply that a fault with a status asks for.
Reply fault_reply(const FaultRule& rule);

} // namespace fk::fake_kaggle
