// Retention periods and how the config file's `retention:` mapping changes the policy.
#include "retention/policy.hpp"

#include <catch2/catch.hpp>

using namespace fk;

TEST_CASE("retention periods are days, weeks or never") {
  CHECK(retention::parse_keep("90d").value() == std::optional<long>(90));
  CHECK(retention::parse_keep("0d").value() == std::optional<long>(0));
  CHECK(retention::parse_keep("12w").value() == std::optional<long>(84));
  CHECK(retention::parse_keep("never").value() == std::nullopt);
  for (const char* bad : {"", "90", "d", "-1d", "1.5d", "90 d", "90y", "forever"}) {
    INFO(bad);
    auto parsed = retention::parse_keep(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == util::ErrorKind::usage);
  }
  CHECK(retention::keep_text(90L) == "90d");
  CHECK(retention::keep_text(std::nullopt) == "never");
}

TEST_CASE("the config file's retention mapping overrides the defaults it names") {
  retention::RetentionPolicy policy;
  auto config = config::parse_config("datasets: [a/b]\nretention:\n  raw: 30d\n  archive: never\n", "c.yaml");
  REQUIRE(config.ok());
  retention::apply_retention_config(config->retention, policy);
  CHECK(policy.raw == std::optional<long>(30));
  CHECK(policy.archive == std::nullopt);
  CHECK(policy.processed == std::optional<long>(90));
  CHECK(policy.reports == std::optional<long>(365));
  CHECK(policy.metadata == std::optional<long>(365));

  retention::RetentionPolicy untouched;
  auto without = config::parse_config("{\"datasets\": [\"a/b\"]}", "c.json");
  REQUIRE(without.ok());
  retention::apply_retention_config(without->retention, untouched);
  CHECK(untouched.raw == std::optional<long>(90));
  // Mistakes in the mapping are the strict reader's (tests/unit/config).
}
