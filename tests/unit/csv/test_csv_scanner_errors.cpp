#include "csv/scanner.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using fk::csv::CsvError;
using fk::csv::ErrorCode;
using fk::csv::FileProfile;
using fk::csv::ScanOptions;
using fk::csv::Scanner;
using fk::csv::scan_text;
using fk::csv::Severity;
using fk::csv::ColumnType;
using fk::csv::error_code_name;

namespace {

// Return the only error of `profile`, failing the test when there is not exactly one.
const CsvError& only_error(const FileProfile& profile) {
  REQUIRE(profile.errors.size() == 1);
  return profile.errors.front();
}

} // namespace

TEST_CASE("encoding-error names the record, field and first invalid byte") {
  const FileProfile profile = scan_text("a,b\n1,x\xff\n");
  const CsvError& error = only_error(profile);
  CHECK(error.code == ErrorCode::encoding_error);
  CHECK(error.record == 1);
  CHECK(error.line == 2);
  CHECK(error.field_number == 2);
  CHECK(error.field_name == "b");
  CHECK(profile.encoding.first_invalid_byte == 7U);
  CHECK(!profile.valid());
}

TEST_CASE("encoding-error catches a UTF-8 sequence cut by the end of the file") {
  const FileProfile profile = scan_text("a\n\xD7");
  CHECK(profile.count(ErrorCode::encoding_error) == 1);
  CHECK(profile.encoding.first_invalid_byte == 2U);
}

TEST_CASE("blank-label and duplicate-label are reported on the header") {
  const FileProfile blank = scan_text("a,,c\n1,2,3\n");
  const CsvError& blank_error = only_error(blank);
  CHECK(blank_error.code == ErrorCode::blank_label);
  CHECK(blank_error.record == 0);
  CHECK(blank_error.field_number == 2);

  const FileProfile duplicate = scan_text("a,b,a\n1,2,3\n");
  const CsvError& duplicate_error = only_error(duplicate);
  CHECK(duplicate_error.code == ErrorCode::duplicate_label);
  CHECK(duplicate_error.record == 0);
  CHECK(duplicate_error.field_number == 3);
  CHECK(duplicate_error.field_name == "a");
}

TEST_CASE("blank-row is a record whose cells are all null") {
  const FileProfile profile = scan_text("a,b\n1,2\n,\n'',''\n3,4\n");
  REQUIRE(profile.errors.size() == 2);
  CHECK(profile.errors[0].code == ErrorCode::blank_row);
  CHECK(profile.errors[0].record == 2);
  CHECK(profile.errors[0].line == 3);
  CHECK(profile.errors[1].record == 3);
  CHECK(profile.records == 4);
}

TEST_CASE("extra-cell points at the first extra cell") {
  const FileProfile profile = scan_text("a,b\n1,2\n1,2,3,4\n");
  const CsvError& error = only_error(profile);
  CHECK(error.code == ErrorCode::extra_cell);
  CHECK(error.severity == Severity::error);
  CHECK(error.record == 2);
  CHECK(error.line == 3);
  CHECK(error.field_number == 3);
  CHECK(error.value == "3");
  CHECK(!profile.valid());
}

TEST_CASE("missing-cell points at the first missing cell and is a warning") {
  const FileProfile profile = scan_text("a,b,c\n1,2\n");
  const CsvError& error = only_error(profile);
  CHECK(error.code == ErrorCode::missing_cell);
  CHECK(error.severity == Severity::warning);
  CHECK(error.record == 1);
  CHECK(error.field_number == 3);
  CHECK(error.field_name == "c");
  CHECK(profile.valid());
}

TEST_CASE("stray-quote covers a quote inside an unquoted field and text after a closing quote") {
  const FileProfile inside = scan_text("\"a\",b\n1,12\"pizza\n");
  const CsvError& inside_error = only_error(inside);
  CHECK(inside_error.code == ErrorCode::stray_quote);
  CHECK(inside_error.record == 1);
  CHECK(inside_error.field_number == 2);
  CHECK(inside_error.value == "12\"pizza");

  const FileProfile after = scan_text("a,b\n1,2\n\"ab\"c,3\n");
  const CsvError& after_error = only_error(after);
  CHECK(after_error.code == ErrorCode::stray_quote);
  CHECK(after_error.record == 2);
  CHECK(after_error.field_number == 1);
  CHECK(after_error.value == "abc");
}

TEST_CASE("unclosed-quote reports the record and field that opened it") {
  const FileProfile profile = scan_text("a,b\n1,\"xyz\n2,3\n");
  const CsvError& error = only_error(profile);
  CHECK(error.code == ErrorCode::unclosed_quote);
  CHECK(error.record == 1);
  CHECK(error.field_number == 2);
  CHECK(profile.records == 1);
}

TEST_CASE("record-too-long skips the record and goes on") {
  ScanOptions options;
  options.max_record_bytes = 16;
  Scanner scanner(options);
  std::vector<std::uint64_t> seen;
  scanner.on_record([&](std::uint64_t number, std::span<const std::string_view>) { seen.push_back(number); });
  scanner.feed("a,b\n1,2\n");
  scanner.feed("3,\"" + std::string(40, 'y') + "\n" + std::string(10, 'z') + "\"\n");
  scanner.feed("4,5\n");
  const FileProfile profile = scanner.finish();
  const CsvError& error = only_error(profile);
  CHECK(error.code == ErrorCode::record_too_long);
  CHECK(error.record == 2);
  CHECK(error.line == 3);
  CHECK(seen == std::vector<std::uint64_t>{1, 3});
  CHECK(profile.records == 3);
}

TEST_CASE("errors are capped per code with a total count") {
  std::string text = "a,b\n";
  for (int i = 0; i < 150; ++i) text += "1,2,3\n";
  ScanOptions options;
  options.max_errors_per_code = 100;
  const FileProfile profile = scan_text(text, options);
  CHECK(profile.errors.size() == 100);
  CHECK(profile.count(ErrorCode::extra_cell) == 150);
  CHECK(profile.error_counts[static_cast<std::size_t>(ErrorCode::extra_cell)].truncated);
  CHECK(profile.errors.back().record == 100);
}

TEST_CASE("error values are cut to 80 bytes without splitting UTF-8") {
  std::string hebrew;
  for (int i = 0; i < 60; ++i) hebrew += "\xD7\xA9";
  const FileProfile profile = scan_text("a,b\n1,2\n1,2," + hebrew + "\n");
  const CsvError& error = only_error(profile);
  CHECK(error.value.size() == 80);
  CHECK(error.value == hebrew.substr(0, 80));
  const FileProfile odd = scan_text("a,b\n1,2\n1,2,x" + hebrew + "\n");
  CHECK(only_error(odd).value.size() == 79);
}

TEST_CASE("line numbers count quoted newlines") {
  const FileProfile profile = scan_text("a,b\n\"x\ny\",1\n1,2,3\n");
  const CsvError& error = only_error(profile);
  CHECK(error.record == 2);
  CHECK(error.line == 4);
}

TEST_CASE("values that miss the inferred type are type-error warnings with record and field") {
  std::string text = "id,name\n";
  for (int i = 1; i <= 300; ++i) text += (i == 150 ? std::string("n/a") : std::to_string(i)) + ",x\n";
  const FileProfile profile = scan_text(text);
  REQUIRE(profile.columns[0].type == ColumnType::integer);
  CHECK(profile.columns[0].type_errors == 1);
  REQUIRE(profile.errors.size() == 1);
  const CsvError& error = profile.errors[0];
  CHECK(error_code_name(error.code) == "type-error");
  CHECK(error.severity == Severity::warning);
  CHECK(error.record == 150);
  CHECK(error.line == 151);
  CHECK(error.field_number == 1);
  CHECK(error.field_name == "id");
  CHECK(error.value == "n/a");
  CHECK(profile.severity(ErrorCode::type_error) == Severity::warning);
  CHECK(profile.valid()); // a warning does not make the file invalid
}

TEST_CASE("inferred type errors can be switched off") {
  std::string text = "id\n";
  for (int i = 1; i <= 300; ++i) text += (i == 7 ? std::string("n/a") : std::to_string(i)) + "\n";
  ScanOptions options;
  options.report_type_errors = false;
  const FileProfile profile = scan_text(text, options);
  CHECK(profile.columns[0].type_errors == 1);
  CHECK(profile.errors.empty());
  CHECK(profile.count(ErrorCode::type_error) == 0);
}

TEST_CASE("invalid bytes in long Hebrew text are found at their exact offsets for any chunking") {
  // Long enough that each chunk goes through the SIMD fast path before the byte-by-byte search.
  std::string text = "id,name\n";
  for (int i = 0; i < 40; ++i) text += std::to_string(i) + ",\xD7\x97\xD7\x9C\xD7\x91 \xD7\xAA\xD7\xA0\xD7\x95\xD7\x91\xD7\x94\n";
  const std::size_t first = text.size() + 5;
  text += "40,ab\xFF\xD7\x97\n"; // 0xFF is never valid
  for (int i = 41; i < 80; ++i) text += std::to_string(i) + ",\xD7\x9C\xD7\x97\xD7\x9D\n";
  const std::size_t second = text.size() + 5;
  text += "80,\xD7\x9C\xD7\n"; // a two-byte sequence cut by the newline
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{64}, std::size_t{65}, std::size_t{100},
                                  std::size_t{4096}}) {
    ScanOptions options;
    options.sample_bytes = 16;
    Scanner scanner(options);
    for (std::size_t at = 0; at < text.size(); at += chunk) scanner.feed(std::string_view(text).substr(at, chunk));
    const FileProfile profile = scanner.finish();
    INFO("chunk " << chunk);
    CHECK(profile.count(ErrorCode::encoding_error) == 2);
    CHECK(profile.encoding.first_invalid_byte == first);
    REQUIRE(profile.errors.size() == 2);
    CHECK(profile.errors[0].record == 41);
    CHECK(profile.errors[1].record == 81);
    CHECK(profile.errors[1].message.find("byte " + std::to_string(second)) != std::string::npos);
    CHECK(profile.records == 81);
  }
}
