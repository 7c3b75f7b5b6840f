#include "util/byte_channel.hpp"

#include <utility>

namespace fk::util {

ByteChannel::ByteChannel(std::size_t capacity_bytes) : m_capacity(capacity_bytes == 0 ? 1 : capacity_bytes) {}

bool ByteChannel::push(std::string chunk) {
  std::unique_lock lock(m_mutex);
  // An empty channel always takes the chunk, so one chunk larger than the capacity cannot deadlock.
  m_can_push.wait(lock, [&] { return m_error || m_closed || m_bytes == 0 || m_bytes + chunk.size() <= m_capacity; });
  if (m_error || m_closed) return false;
  if (chunk.empty()) return true;
  m_bytes += chunk.size();
  m_chunks.push_back(std::move(chunk));
  lock.unlock();
  m_can_pop.notify_one();
  return true;
}

std::optional<std::string> ByteChannel::pop() {
  std::unique_lock lock(m_mutex);
  m_can_pop.wait(lock, [&] { return m_error || m_closed || !m_chunks.empty(); });
  if (m_error || m_chunks.empty()) return std::nullopt;
  std::string chunk = std::move(m_chunks.front());
  m_chunks.pop_front();
  m_bytes -= chunk.size();
  lock.unlock();
  m_can_push.notify_one();
  return chunk;
}

void ByteChannel::close() {
  {
    const std::lock_guard lock(m_mutex);
    m_closed = true;
  }
  m_can_pop.notify_all();
  m_can_push.notify_all();
}

void ByteChannel::abort(Error error) {
  {
    const std::lock_guard lock(m_mutex);
    if (m_error) return;
    m_error = std::move(error);
    m_chunks.clear();
    m_bytes = 0;
  }
  m_can_pop.notify_all();
  m_can_push.notify_all();
}

std::optional<Error> ByteChannel::error() const {
  const std::lock_guard lock(m_mutex);
  return m_error;
}

std::size_t ByteChannel::buffered_bytes() const {
  const std::lock_guard lock(m_mutex);
  return m_bytes;
}

} // namespace fk::util
