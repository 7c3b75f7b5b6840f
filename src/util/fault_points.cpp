#include "util/fault_points.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <csignal>
#include <cstring>

namespace fk::util {

namespace {
std::atomic<std::uint64_t> g_passed{0};
std::atomic<std::uint64_t> g_armed_at{0};
std::atomic<int> g_signal{0};

// Write `text` to stderr with write(2): safe in any thread, no allocation.
void say(const char* text) noexcept {
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}
} // namespace

std::optional<FaultPlan> parse_fault_plan(std::string_view spec) {
  const std::size_t colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  FaultPlan plan;
  const auto [end, ec] = std::from_chars(spec.data(), spec.data() + colon, plan.at);
  if (ec != std::errc() || end != spec.data() + colon || plan.at == 0) return std::nullopt;
  const std::string_view what = spec.substr(colon + 1);
  if (what == "KILL") {
    plan.signal_number = SIGKILL;
  } else if (what == "TERM") {
    plan.signal_number = SIGTERM;
  } else {
    return std::nullopt;
  }
  return plan;
}

void arm_fault_points(const FaultPlan& plan) noexcept {
  g_signal.store(plan.signal_number);
  g_armed_at.store(plan.at);
}

void fault_point(const char* where) noexcept {
  const std::uint64_t number = g_passed.fetch_add(1, std::memory_order_relaxed) + 1;
  if (number != g_armed_at.load(std::memory_order_relaxed)) return;
  const int signal_number = g_signal.load();
  say("fetch-kaggle: fault injection: ");
  say(signal_number == SIGKILL ? "SIGKILL" : "SIGTERM");
  say(" at ");
  say(where);
  say("\n");
  ::kill(::getpid(), signal_number);
}

std::uint64_t fault_points_passed() noexcept { return g_passed.load(); }

} // namespace fk::util
