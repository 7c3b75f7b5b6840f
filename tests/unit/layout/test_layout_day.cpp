#include "layout/day.hpp"

#include <catch2/catch.hpp>

using fk::layout::Day;

TEST_CASE("Day accepts real calendar dates only") {
  CHECK(Day::parse("20241231").ok());
  CHECK(Day::parse("20240229").ok()); // leap year
  CHECK_FALSE(Day::parse("20230229").ok());
  CHECK_FALSE(Day::parse("20241301").ok());
  CHECK_FALSE(Day::parse("2024-12-31").ok());
  CHECK_FALSE(Day::parse("2024123").ok());
  CHECK_FALSE(Day::parse("").ok());
  const auto bad = Day::parse("20250230");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == fk::util::ErrorKind::usage);
  CHECK(bad.error().message().find("YYYYMMDD") != std::string::npos);
}

TEST_CASE("Day arithmetic crosses months and years") {
  const Day day = Day::parse("20241231").value();
  CHECK(day.plus_days(1).str() == "20250101");
  CHECK(day.plus_days(-366).str() == "20231231");
  CHECK(day.plus_days(1).days_since_epoch() - day.days_since_epoch() == 1);
  CHECK(Day::parse("19700101").value().days_since_epoch() == 0);
}

TEST_CASE("Day::from_time uses the UTC date") {
  // 2026-11-22T23:30:00Z is still the 22nd in UTC whatever the local zone.
  const auto t = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + std::chrono::hours{23} + std::chrono::minutes{30};
  CHECK(Day::from_time(std::chrono::system_clock::time_point{t}).str() == "20261122");
}
