#include "util/log.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sstream>

using namespace fk::util;

TEST_CASE("Logger redacts registered secrets in messages and fields") {
  std::ostringstream out;
  Logger log(out, LogFormat::text, LogLevel::debug);
  log.add_secret("s3cr3t-key-value");
  log.info("auth with s3cr3t-key-value", {{"header", "Basic s3cr3t-key-value"}});
  CHECK(out.str().find("s3cr3t") == std::string::npos);
  CHECK(out.str().find("***") != std::string::npos);
}

TEST_CASE("Logger writes parseable JSON lines and filters by level") {
  std::ostringstream out;
  Logger log(out, LogFormat::json, LogLevel::info);
  log.debug("hidden");
  log.warn("visible \"quoted\"", {{"path", "raw/\xFF"}});
  const std::string line = out.str();
  CHECK(line.find("hidden") == std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(line).get(doc) == simdjson::SUCCESS);
  CHECK(std::string_view(doc["level"]) == "warn");
  CHECK(std::string_view(doc["msg"]) == "visible \"quoted\"");
}

TEST_CASE("parse_log_level accepts the documented names only") {
  CHECK(parse_log_level("warning") == LogLevel::warn);
  CHECK_FALSE(parse_log_level("verbose").has_value());
}
