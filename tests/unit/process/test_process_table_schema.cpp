#include "csv/scanner.hpp"
#include "process/table_schema.hpp"
#include "process_fixture.hpp"
#include "util/fs.hpp"
#include "util/json_reader.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace fk;
using fk::test::TempDir;

TEST_CASE("every inferred column type maps to its Frictionless type") {
  CHECK(process::frictionless_type(csv::ColumnType::integer) == "integer");
  CHECK(process::frictionless_type(csv::ColumnType::number) == "number");
  CHECK(process::frictionless_type(csv::ColumnType::boolean) == "boolean");
  CHECK(process::frictionless_type(csv::ColumnType::date) == "date");
  CHECK(process::frictionless_type(csv::ColumnType::datetime) == "datetime");
  CHECK(process::frictionless_type(csv::ColumnType::string) == "string");
}

TEST_CASE("the Table Schema lists the columns in order with their types and the missing values") {
  const csv::FileProfile profile = csv::scan_text("n,x,flag,day,at,name\n"
                                                  "1,1.5,true,2026-01-01,2026-01-01 10:00:00,a\n"
                                                  "2,'',false,31/12/2025,2026-01-02T11:00:00Z,\n");
  std::ostringstream out;
  process::write_table_schema_json(out, profile, {"", "''"});
  simdjson::dom::parser parser;
  auto doc = util::parse_json_text(parser, out.str(), "schema");
  REQUIRE(doc.ok());
  simdjson::dom::array fields = (*doc)["fields"];
  std::vector<std::pair<std::string, std::string>> got;
  for (simdjson::dom::element field : fields)
    got.emplace_back(util::json_string(field, "name"), util::json_string(field, "type"));
  CHECK(got == std::vector<std::pair<std::string, std::string>>{{"n", "integer"},
                                                                {"x", "number"},
                                                                {"flag", "boolean"},
                                                                {"day", "date"},
                                                                {"at", "datetime"},
                                                                {"name", "string"}});
  CHECK(util::json_string((*doc)["fields"].at(3), "format") == "any");
  CHECK(util::json_string((*doc)["fields"].at(0), "format", "none") == "none");
  simdjson::dom::array missing = (*doc)["missingValues"];
  REQUIRE(missing.size() == 2);
  CHECK(std::string_view(missing.at(1)) == "''");
}

TEST_CASE("schemas go next to the dataset's files under processed/<day>, folders included") {
  TempDir tmp("schema-path");
  layout::Layout layout(tmp.path());
  const auto day = layout::Day::parse("20260105").value_or_throw();
  const auto path = process::table_schema_path(layout, day, "alice/shop", "sub/prices.csv");
  CHECK(path == tmp.path() / "processed/20260105/alice/shop/sub/prices.csv.schema.json");
  REQUIRE(process::write_table_schema(path, csv::scan_text("a\n1\n"), {""}).ok());
  auto text = util::read_file(path);
  REQUIRE(text.ok());
  CHECK_THAT(*text, Catch::Contains("\"type\": \"integer\""));
}
