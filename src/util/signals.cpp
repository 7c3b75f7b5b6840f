#include "util/signals.hpp"
#include "util/fault_points.hpp"

#include "util/error.hpp"

#include <atomic>
#include <csignal>
#include <string>

namespace fk::util {

namespace {
std::atomic<int> g_stop_signal{0};

extern "C" void on_stop_signal(int signal_number) {
  int expected = 0;
  g_stop_signal.compare_exchange_strong(expected, signal_number);
}
} // namespace

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0; // no SA_RESTART: blocking calls return EINTR and loops re-check the flag
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A closed pipe (e.g. `| head`) must surface as a write error, not kill the run mid-step.
  std::signal(SIGPIPE, SIG_IGN);
}

int stop_signal() noexcept { return g_stop_signal.load(std::memory_order_relaxed); }

void throw_if_stop_requested() {
  fault_point("between steps");
  const int signal_number = stop_signal();
  if (signal_number == 0) return;
  throw Failure(make_error(ErrorKind::interrupted, "interrupted",
                           signal_number == SIGINT ? "received SIGINT" : "received SIGTERM",
                           "the next run resumes where this one stopped"));
}

void reset_stop_request_for_tests() noexcept { g_stop_signal.store(0); }

} // namespace fk::util
