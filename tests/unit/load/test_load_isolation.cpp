#include "load/sqlite_loader.hpp"
#include "load/table_check.hpp"
#include "load_fixture.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using fk::test::LoadTempDir;
using fk::test::query;

namespace {

load::DatasetLoad dataset_in(const std::filesystem::path& root, std::vector<load::TableSource> tables) {
  return {"owner/slug", root / "processed" / "owner" / "slug.sqlite",
          root / "processed" / "owner" / "slug" / "rejected", std::move(tables)};
}

std::string wide_csv(int columns) {
  std::string header;
  std::string row;
  for (int i = 0; i < columns; ++i) {
    header += (i == 0 ? "c" : ",c") + std::to_string(i);
    row += (i == 0 ? "" : ",") + std::to_string(i);
  }
  return header + "\n" + row + "\n";
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("the byte order marks of UTF-16 and UTF-32 are named, UTF-8's and none are not") {
  CHECK(load::foreign_bom(std::string_view("\xFF\xFEi\0", 4)) == "UTF-16LE");
  CHECK(load::foreign_bom("\xFE\xFF") == "UTF-16BE");
  CHECK(load::foreign_bom(std::string_view("\xFF\xFE\0\0", 4)) == "UTF-32LE");
  CHECK(load::foreign_bom(std::string_view("\0\0\xFE\xFF", 4)) == "UTF-32BE");
  CHECK(load::foreign_bom("\xEF\xBB\xBF"
                          "a,b")
            .empty());
  CHECK(load::foreign_bom("a,b").empty());
  CHECK(load::foreign_bom("").empty());
}

TEST_CASE("a file over the column limit is unloadable, naming both counts") {
  LoadTempDir tmp("limit");
  const auto source = test::make_source(tmp.path(), "w.csv", wide_csv(11));
  CHECK(load::unloadable_reason(source, 11, "SQLite", "").empty());
  const std::string why = load::unloadable_reason(source, 10, "SQLite", " (a note)");
  CHECK(contains(why, "cannot load w.csv as a table: it has 11 columns; SQLite takes at most 10"));
  CHECK(contains(why, "(a note)"));
}

TEST_CASE("each unloadable file fails alone; the good ones load into a consistent database") {
  LoadTempDir tmp("isolation");
  const std::filesystem::path raw = tmp.path() / "raw";
  const std::string utf16("\xFF\xFEi\0d\0\n\0"
                          "1\0\n\0",
                          10);
  const load::DatasetLoad dataset = dataset_in(
      tmp.path(), {test::make_source(raw, "empty.csv", ""), test::make_source(raw, "bom.csv", "\xEF\xBB\xBF"),
                   test::make_source(raw, "good.csv", "a,b\n1,2\n"), test::make_source(raw, "wide.csv", wide_csv(2001)),
                   test::make_source(raw, "utf16.csv", utf16), test::make_source(raw, "last.csv", "x\n1\n2\n")});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 6);
  const std::vector<std::pair<std::size_t, std::string_view>> failures = {
      {0, "no header row: the file is empty (0 bytes)"},
      {1, "no header row: no column names, only a byte order mark"},
      {3, "it has 2001 columns; SQLite takes at most 2000"},
      {4, "it is UTF-16LE text (byte order mark FF FE)"}};
  for (const auto& [index, reason] : failures) {
    INFO((*rows)[index].file << ": " << (*rows)[index].message);
    CHECK((*rows)[index].status == "failed");
    CHECK(contains((*rows)[index].message, reason));
    CHECK((*rows)[index].table.empty());
    CHECK((*rows)[index].loaded == 0);
  }
  CHECK((*rows)[2].status == "loaded");
  CHECK((*rows)[2].loaded == 1);
  CHECK((*rows)[5].status == "loaded");
  CHECK((*rows)[5].loaded == 2);
  CHECK(query(dataset.database, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  CHECK(query(dataset.database, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") ==
        std::vector<std::string>{"good", "last"});
}

TEST_CASE("a table SQLite refuses is rolled back and failed with SQLite's reason, not a volume problem") {
  LoadTempDir tmp("refused");
  const std::filesystem::path raw = tmp.path() / "raw";
  // Names holding NUL bytes (UTF-16 without a byte order mark): the engine takes them or refuses
  // that table only; the run goes on either way.
  const std::string nul_names("i\0d\0\n\0"
                              "1\0\n\0",
                              10);
  const load::DatasetLoad dataset = dataset_in(
      tmp.path(), {test::make_source(raw, "nul.csv", nul_names), test::make_source(raw, "ok.csv", "a\n1\n")});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  INFO((*rows)[0].message);
  CHECK(((*rows)[0].status == "loaded" || (*rows)[0].status == "failed"));
  CHECK_FALSE(contains((*rows)[0].message, "check the data volume"));
  CHECK_FALSE(contains((*rows)[0].message, ".tmp-"));
  CHECK((*rows)[1].status == "loaded");
  CHECK(query(dataset.database, "SELECT a FROM ok") == std::vector<std::string>{"1"});
}
