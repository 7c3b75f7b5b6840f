#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace fk::util {

// Run `work(i)` for every i in [0, count) on up to `threads` threads, starting the items in the
// order `start_order` gives (e.g. the largest first, so the cores finish together), and hand each
// result to `deliver(i, result)` on the calling thread in index order, as a loop would. When
// `deliver` returns false no further item is started and the call returns once the running ones
// end. An exception thrown by `work` is rethrown here, after every thread was joined.
template <class T, class Work, class Deliver>
void ordered_parallel(std::size_t count, unsigned threads, const std::vector<std::size_t>& start_order, Work work,
                      Deliver deliver) {
  threads = static_cast<unsigned>(std::min<std::size_t>(std::max(threads, 1U), count));
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      T result = work(i);
      if (!deliver(i, result)) return;
    }
    return;
  }
  std::vector<std::optional<T>> slots(count);
  std::vector<std::exception_ptr> failures(count);
  std::vector<bool> started(count, false);
  std::mutex mutex;
  std::condition_variable done;
  std::size_t next = 0;
  bool stop = false;
  auto run = [&] {
    while (true) {
      std::size_t item = 0;
      {
        const std::lock_guard lock(mutex);
        if (stop || next >= count) return;
        item = start_order.size() == count ? start_order[next] : next;
        ++next;
        started[item] = true;
      }
      std::optional<T> result;
      std::exception_ptr failure;
      try {
        result.emplace(work(item));
      } catch (...) {
        failure = std::current_exception();
      }
      const std::lock_guard lock(mutex);
      slots[item] = std::move(result);
      failures[item] = failure;
      if (failure) stop = true;
      done.notify_all();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back(run);
  for (std::size_t i = 0; i < count; ++i) {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return slots[i].has_value() || failures[i] || (stop && !started[i]); });
    if (!slots[i]) break; // it failed, or a failure elsewhere stopped the run before it started
    T result = std::move(*slots[i]);
    slots[i].reset();
    lock.unlock();
    if (!deliver(i, result)) {
      const std::lock_guard stop_lock(mutex);
      stop = true;
      break;
    }
  }
  for (std::thread& worker : workers)
    worker.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

} // namespace fk::util
