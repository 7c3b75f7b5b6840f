#include "util/json_writer.hpp"
#include "util/json_reader.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sstream>

using fk::util::JsonWriter;

namespace {
std::string compact(const std::function<void(JsonWriter&)>& body) {
  std::ostringstream out;
  JsonWriter json(out, 0);
  body(json);
  return out.str();
}
} // namespace

TEST_CASE("JsonWriter escapes quotes, backslashes and control characters") {
  CHECK(fk::util::json_quote("a\"b\\c") == R"("a\"b\\c")");
  CHECK(fk::util::json_quote("line\nnext\ttab") == R"("line\nnext\ttab")");
  CHECK(fk::util::json_quote(std::string("nul\0x", 5)) == R"("nul\u0000x")");
  CHECK(fk::util::json_quote("\x1f\x7f") == R"("\u001f\u007f")");
}

TEST_CASE("JsonWriter keeps valid UTF-8 such as Hebrew as is") {
  const std::string hebrew = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"; // shalom
  CHECK(fk::util::json_quote(hebrew) == "\"" + hebrew + "\"");
}

TEST_CASE("JsonWriter replaces invalid UTF-8 and path_field keeps the exact bytes as hex") {
  const std::string bad = "caf\xE9.csv"; // Latin-1 e-acute: invalid UTF-8
  const std::string text = compact([&](JsonWriter& j) { j.begin_object().path_field("path", bad).end_object(); });
  CHECK(text == R"({"path":"caf\ufffd.csv","path_hex":"636166e92e637376"})");

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(text).get(doc) == simdjson::SUCCESS);
  std::string_view path;
  REQUIRE(doc["path"].get(path) == simdjson::SUCCESS);
  CHECK(path == "caf\xEF\xBF\xBD.csv");
}

TEST_CASE("JsonWriter nests objects and arrays with commas in the right places") {
  const std::string text = compact([](JsonWriter& j) {
    j.begin_object();
    j.field("n", 3).field("ok", true).field("x", 1.5);
    j.key("list").begin_array().value("a").value(std::uint64_t{18446744073709551615ULL}).null().end_array();
    j.key("empty").begin_object().end_object();
    j.end_object();
  });
  CHECK(text == R"({"n":3,"ok":true,"x":1.5,"list":["a",18446744073709551615,null],"empty":{}})");
}

TEST_CASE("JsonWriter refuses a value without a key inside an object") {
  std::ostringstream out;
  JsonWriter json(out, 0);
  json.begin_object();
  CHECK_THROWS_AS(json.value("orphan"), std::logic_error);
}

TEST_CASE("JsonWriter writes non-finite numbers as null") {
  const std::string text = compact([](JsonWriter& j) { j.begin_array().value(1.0 / 0.0).end_array(); });
  CHECK(text == "[null]");
}

TEST_CASE("json_int gives the fallback for numbers outside int64's range (fuzz regression)") {
  simdjson::dom::parser parser;
  auto doc = fk::util::parse_json_text(parser, R"({"big":4E29,"small":-1e300,"fine":12.0,"n":7})", "test");
  REQUIRE(doc.ok());
  CHECK(fk::util::json_int(*doc, "big", -5) == -5);
  CHECK(fk::util::json_int(*doc, "small", -5) == -5);
  CHECK(fk::util::json_int(*doc, "fine", -5) == 12);
  CHECK(fk::util::json_int(*doc, "n", -5) == 7);
}
