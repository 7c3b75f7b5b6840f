#include "csv/scanner.hpp"
#include "process/contract.hpp"
#include "process/contract_checker.hpp"
#include "process/file_check.hpp"
#include "process_fixture.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using fk::test::TempDir;
using fk::test::write_bytes;

namespace {

process::TableContract contract_of(const std::string& json) {
  auto contract = process::parse_table_contract(json, "test.schema.json");
  if (!contract) FAIL(contract.error().message());
  return *contract;
}

// Check `csv` against `schema` through check_file (the real one-pass path) and return its profile.
csv::FileProfile check(const std::string& schema, const std::string& csv) {
  TempDir tmp("contract");
  write_bytes(tmp.path() / "f.csv", csv);
  const process::TableContract contract = contract_of(schema);
  const process::PlannedFile file{"f.csv", tmp.path() / "f.csv", csv.size(), util::sha256_hex(csv), true};
  auto result = process::check_file(file, {}, &contract);
  REQUIRE(result.ok());
  REQUIRE(result->profile.has_value());
  CHECK(result->schema == "test.schema.json");
  return *result->profile;
}

std::vector<std::string> describe(const csv::FileProfile& profile) {
  std::vector<std::string> out;
  for (const csv::CsvError& error : profile.errors) {
    out.push_back(std::string(csv::error_code_name(error.code)) + "@" + std::to_string(error.record) + ":" +
                  std::to_string(error.field_number) + ":" + error.field_name + "=" + error.value);
  }
  return out;
}

} // namespace

TEST_CASE("each constraint reports the exact record, field and value") {
  const std::string schema = R"({"fields": [
    {"name": "id", "type": "integer", "constraints": {"required": true, "unique": true, "minimum": 1, "maximum": 100}},
    {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{2}[0-9]+", "minLength": 3, "maxLength": 5}},
    {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
    {"name": "day", "type": "date", "constraints": {"minimum": "2024-01-01"}}]})";
  const std::string csv = "id,code,kind,day\n"
                          "1,AB1,a,2024-05-01\n"   // 1: clean
                          ",AB2,b,2024-05-01\n"    // 2: id required
                          "1,AB3,a,2024-05-01\n"   // 3: id repeats record 1
                          "0,AB4,a,2024-05-01\n"   // 4: id below minimum
                          "101,AB5,a,2024-05-01\n" // 5: id above maximum
                          "6,ab6,a,2024-05-01\n"   // 6: pattern
                          "7,AB123456,a,2024-05-01\n" // 7: maxLength (and pattern passes)
                          "8,AB8,c,2024-05-01\n"   // 8: enum
                          "9,AB9,a,2023-12-31\n"   // 9: date minimum
                          "x,AB9,a,2024-13-01\n";  // 10: two type errors
  const csv::FileProfile profile = check(schema, csv);
  CHECK(describe(profile) == std::vector<std::string>{
                                 "constraint-error@2:1:id=",
                                 "unique-error@3:1:id=1",
                                 "constraint-error@4:1:id=0",
                                 "constraint-error@5:1:id=101",
                                 "constraint-error@6:2:code=ab6",
                                 "constraint-error@7:2:code=AB123456",
                                 "constraint-error@8:3:kind=c",
                                 "constraint-error@9:4:day=2023-12-31",
                                 "type-error@10:1:id=x",
                                 "type-error@10:4:day=2024-13-01",
                             });
  CHECK(profile.count(csv::ErrorCode::constraint_error) == 7);
  CHECK(profile.count(csv::ErrorCode::type_error) == 2);
  CHECK(profile.severity(csv::ErrorCode::type_error) == csv::Severity::error);
  CHECK_FALSE(profile.valid());
  CHECK(profile.columns[0].type == csv::ColumnType::integer);
  CHECK(profile.columns[0].type_errors == 1);
  CHECK(profile.errors[0].line == 3);
}

TEST_CASE("a clean file against its schema is valid and takes the schema's types") {
  const csv::FileProfile profile =
      check(R"({"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "number"}]})", "a,b\n1,2.5\n3,4\n");
  CHECK(profile.errors.empty());
  CHECK(profile.valid());
  CHECK(profile.columns[0].type == csv::ColumnType::string); // inferred integer, pinned string
  CHECK(profile.columns[1].type == csv::ColumnType::number);
}

TEST_CASE("labels are matched by name: missing and extra labels") {
  const csv::FileProfile profile =
      check(R"({"fields": [{"name": "a"}, {"name": "gone", "type": "integer"}]})", "a,new\n1,2\n");
  CHECK(describe(profile) == std::vector<std::string>{"missing-label@0:0:gone=", "extra-label@0:2:new=new"});
  CHECK(profile.severity(csv::ErrorCode::extra_label) == csv::Severity::warning);
  CHECK_FALSE(profile.valid()); // the missing label is an error
}

TEST_CASE("primaryKey: a repeated composite key and a null key cell") {
  const csv::FileProfile profile = check(R"({"fields": [{"name": "store"}, {"name": "item"}, {"name": "price"}],
      "primaryKey": ["store", "item"]})",
                                         "store,item,price\n1,10,5\n1,11,5\n2,10,5\n1,10,6\n3,,1\n");
  CHECK(describe(profile) ==
        std::vector<std::string>{"primary-key@4:0:=1,10", "primary-key@5:2:item="});
  CHECK(profile.errors[0].message.find("repeats record 1") != std::string::npos);
}

TEST_CASE("missingValues replace the null tokens; required sees them as null") {
  const csv::FileProfile profile = check(
      R"({"fields": [{"name": "a", "type": "integer", "constraints": {"required": true}}], "missingValues": ["NA"]})",
      "a\n1\nNA\n\n''\n");
  // "NA" is null (required fails, and the record is blank); the empty line is not a record; '' is a
  // value here, not an integer.
  CHECK(describe(profile) ==
        std::vector<std::string>{"blank-row@2:0:=", "constraint-error@2:1:a=NA", "type-error@3:1:a=''"});
}

TEST_CASE("formats: strptime dates, booleans with trueValues, datetime default") {
  const csv::FileProfile profile = check(R"({"fields": [
      {"name": "d", "type": "date", "format": "%d/%m/%Y", "constraints": {"maximum": "31/12/2024"}},
      {"name": "ok", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]},
      {"name": "t", "type": "datetime"}]})",
                                         "d,ok,t\n01/02/2024,yes,2024-01-01T10:00:00Z\n"
                                         "2024-02-01,no,2024-01-01 10:00:00\n01/01/2025,true,2024-01-01T10:00:00\n");
  CHECK(describe(profile) == std::vector<std::string>{"type-error@2:1:d=2024-02-01", "type-error@2:3:t=2024-01-01 10:00:00",
                                                      "constraint-error@3:1:d=01/01/2025", "type-error@3:2:ok=true"});
}

TEST_CASE("errors are capped per code with the truncated flag") {
  std::string csv = "a\n";
  for (int i = 0; i < 150; ++i) csv += "x\n";
  const csv::FileProfile profile = check(R"({"fields": [{"name": "a", "type": "integer"}]})", csv);
  CHECK(profile.count(csv::ErrorCode::type_error) == 150);
  CHECK(profile.errors.size() == 100);
  CHECK(profile.error_counts[static_cast<std::size_t>(csv::ErrorCode::type_error)].truncated);
}

TEST_CASE("bad schemas are usage errors that say where") {
  const auto message = [](const std::string& json) {
    auto contract = process::parse_table_contract(json, "s.json");
    REQUIRE_FALSE(contract.ok());
    CHECK(contract.error().kind == util::ErrorKind::usage);
    return contract.error().message();
  };
  CHECK(message("{").find("not valid JSON") != std::string::npos);
  CHECK(message(R"({"x": 1})").find("no \"fields\"") != std::string::npos);
  CHECK(message(R"({"fields": [{"name": "a", "type": "geopoint"}]})").find("geopoint") != std::string::npos);
  CHECK(message(R"({"fields": [{"name": "a"}, {"name": "a"}]})").find("appears twice") != std::string::npos);
  CHECK(message(R"({"fields": [{"name": "a", "constraints": {"pattern": "(["}}]})").find("pattern") !=
        std::string::npos);
  CHECK(message(R"({"fields": [{"name": "a", "type": "integer", "constraints": {"minimum": "x"}}]})")
            .find("minimum") != std::string::npos);
  CHECK(message(R"({"fields": [{"name": "a"}], "primaryKey": ["b"]})").find("primaryKey") != std::string::npos);
  CHECK(message(R"({"fields": [{"name": "a", "type": "date", "format": "dd/mm"}]})").find("strptime") !=
        std::string::npos);
}

TEST_CASE("SeenValues finds repeats across growth") {
  process::SeenValues seen;
  for (std::uint64_t i = 1; i <= 5000; ++i) CHECK(seen.insert(i * 7919, i) == 0);
  CHECK(seen.insert(7919 * 1234, 9999) == 1234);
  CHECK(seen.insert(7919 * 5000, 10000) == 5000);
}
