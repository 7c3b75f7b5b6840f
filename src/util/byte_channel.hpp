#pragma once

#include "util/error.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace fk::util {

// Pass chunks of bytes from one producer thread to one consumer thread, holding at most a
// fixed number of bytes in between.
//
// The producer pushes chunks and calls close() at the end of the stream; the consumer pops
// until it gets nullopt. Either side calls abort() to stop both: a blocked push or pop wakes
// up at once, push returns false, pop returns nullopt, and error() tells why.
class ByteChannel {
public:
  // Bytes held by default before push() blocks.
  static constexpr std::size_t k_default_capacity = std::size_t{8} << 20U;

  // Create a channel that holds up to `capacity_bytes` (a single larger chunk still passes).
  explicit ByteChannel(std::size_t capacity_bytes = k_default_capacity);
  ~ByteChannel() = default;
  ByteChannel(const ByteChannel&) = delete;
  ByteChannel& operator=(const ByteChannel&) = delete;
  ByteChannel(ByteChannel&&) = delete;
  ByteChannel& operator=(ByteChannel&&) = delete;

  // Append `chunk`, blocking while the channel is full; return false once the channel was
  // aborted (the chunk is dropped). Pushing after close() is a bug and also returns false.
  bool push(std::string chunk);

  // Take the next chunk, blocking while none is there; return nullopt at the end of the
  // stream or once the channel was aborted (check error() to tell the two apart).
  std::optional<std::string> pop();

  // Mark the end of the stream (producer side); chunks already pushed are still delivered.
  void close();

  // Stop both sides because of `error`; the first abort wins, later ones are ignored.
  void abort(Error error);

  // Return the error passed to abort(), or nullopt while the channel was not aborted.
  [[nodiscard]] std::optional<Error> error() const;

  // Return the number of bytes currently held.
  [[nodiscard]] std::size_t buffered_bytes() const;

private:
  const std::size_t m_capacity;
  mutable std::mutex m_mutex;
  std::condition_variable m_can_push;
  std::condition_variable m_can_pop;
  std::deque<std::string> m_chunks;
  std::size_t m_bytes = 0;
  bool m_closed = false;
  std::optional<Error> m_error;
};

} // namespace fk::util
