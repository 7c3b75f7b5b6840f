#include "util/fault_points.hpp"

#include <catch2/catch.hpp>

#include <csignal>

using namespace fk::util;

TEST_CASE("FK_FAULT_INJECT specs parse into a point and a signal, and nothing else does") {
  const auto kill = parse_fault_plan("17:KILL");
  REQUIRE(kill);
  CHECK(kill->at == 17);
  CHECK(kill->signal_number == SIGKILL);
  const auto term = parse_fault_plan("1:TERM");
  REQUIRE(term);
  CHECK(term->at == 1);
  CHECK(term->signal_number == SIGTERM);
  for (const char* bad : {"", "17", ":KILL", "0:KILL", "-1:KILL", "17:kill", "17:INT", "17:KILL ", "x:TERM", "1e3:TERM"}) {
    INFO(bad);
    CHECK_FALSE(parse_fault_plan(bad));
  }
}

TEST_CASE("fault points are counted, and an unarmed run is never signalled") {
  arm_fault_points({0, 0});
  const std::uint64_t before = fault_points_passed();
  for (int i = 0; i < 5; ++i) fault_point("test");
  CHECK(fault_points_passed() == before + 5);
}

TEST_CASE("an armed point sends its signal at exactly its number") {
  static volatile std::sig_atomic_t received = 0;
  struct sigaction action {}, previous {};
  action.sa_handler = [](int) { received = received + 1; };
  sigemptyset(&action.sa_mask);
  REQUIRE(sigaction(SIGTERM, &action, &previous) == 0);
  arm_fault_points({fault_points_passed() + 3, SIGTERM});
  fault_point("one");
  fault_point("two");
  CHECK(received == 0);
  fault_point("three"); // kill(2) to oneself is delivered before it returns
  CHECK(received == 1);
  fault_point("four");
  CHECK(received == 1);
  arm_fault_points({0, 0});
  sigaction(SIGTERM, &previous, nullptr);
}
