// Issue 18 items 1, 4 and 6 on the SQLite loader: values read back exactly as written, one rejected
// file and one table per source path, Unicode table names.
#include "load/sqlite_loader.hpp"
#include "load_fixture.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace fk;
using fk::test::LoadTempDir;
using fk::test::query;

namespace {

load::DatasetLoad dataset_in(const std::filesystem::path& root, std::vector<load::TableSource> tables) {
  return {"owner/slug", root / "processed" / "owner" / "slug.sqlite",
          root / "processed" / "owner" / "slug" / "rejected", std::move(tables)};
}

} // namespace

TEST_CASE("values whose typed form would not give back their text load as text, exactly (issue 18)") {
  LoadTempDir tmp("lossless");
  std::string text = "code,zip,phone,big,huge,num,sci,plus,nul,ok_int,ok_num\n";
  text += "007,00123,0501234567,9223372036854775808,123456789012345678901234567890,1.10,1e5,+3,x";
  text += std::string(1, '\0') + "y,12,1.5\n";
  text += "000,00007,0521111111,1,2,2.5,2e5,+4,plain,0,-0.25\n";
  auto source = test::make_source(tmp.path() / "raw", "codes.csv", text);
  const load::DatasetLoad dataset = dataset_in(tmp.path(), {source});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  CHECK(rows->front().loaded == 2);
  CHECK(query(dataset.database, "SELECT group_concat(type, ',') FROM pragma_table_info('codes')") ==
        std::vector<std::string>{"TEXT,TEXT,TEXT,TEXT,TEXT,TEXT,TEXT,TEXT,TEXT,INTEGER,REAL"});
  CHECK(query(dataset.database, "SELECT code, zip, phone, big, huge, num, sci, plus, ok_int, ok_num FROM codes "
                                "ORDER BY rowid") ==
        std::vector<std::string>{
            "007|00123|0501234567|9223372036854775808|123456789012345678901234567890|1.10|1e5|+3|12|1.5",
            "000|00007|0521111111|1|2|2.5|2e5|+4|0|-0.25"});
  // The NUL is kept: three bytes 78 00 79.
  CHECK(query(dataset.database, "SELECT hex(CAST(nul AS BLOB)) FROM codes ORDER BY rowid LIMIT 1") ==
        std::vector<std::string>{"780079"});
}

TEST_CASE("data.csv, data.tsv and sub/data.csv get three rejected files and three tables (issue 18)") {
  LoadTempDir tmp("names");
  const std::string bad = "a,b\n1,2\n3\n";
  std::vector<load::TableSource> sources{test::make_source(tmp.path() / "raw", "data.csv", bad),
                                         test::make_source(tmp.path() / "raw", "data.tsv", "a\tb\n1\t2\n3\n"),
                                         test::make_source(tmp.path() / "raw", "sub/data.csv", bad)};
  const load::DatasetLoad dataset = dataset_in(tmp.path(), sources);
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 3);
  std::set<std::string> files;
  std::set<std::string> tables;
  for (const load::TableLoad& row : *rows) {
    CHECK(row.rejected == 1);
    CHECK(std::filesystem::exists(row.rejected_file));
    files.insert(row.rejected_file);
    tables.insert(row.table);
  }
  CHECK(files.size() == 3);
  CHECK(tables == std::set<std::string>{"data", "data_2", "data_3"});
  CHECK(std::filesystem::exists(dataset.rejected_dir / "sub" / "data.csv.rejected.csv"));
}

TEST_CASE("a Hebrew file name is a Hebrew table name; two do not collide (issue 18)") {
  LoadTempDir tmp("hebrew");
  std::vector<load::TableSource> sources{test::make_source(tmp.path() / "raw", "מחירים.csv", "a\n1\n"),
                                         test::make_source(tmp.path() / "raw", "סניפים.csv", "a\n2\n")};
  const load::DatasetLoad dataset = dataset_in(tmp.path(), sources);
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  CHECK((*rows)[0].table == "מחירים");
  CHECK((*rows)[1].table == "סניפים");
  CHECK(query(dataset.database, "SELECT a FROM \"מחירים\"") == std::vector<std::string>{"1"});
  CHECK(query(dataset.database, "SELECT a FROM \"סניפים\"") == std::vector<std::string>{"2"});
}

TEST_CASE("a column typed by a contract rejects values whose typed form would lose text, with a reason") {
  LoadTempDir tmp("contract");
  auto source = test::make_source(tmp.path() / "raw", "codes.csv", "code,price\n7,1.5\n007,1.50\n12,2\n");
  // What --schema does: the schema's types replace the inferred ones (here both would be string).
  source.profile->columns[0].type = csv::ColumnType::integer;
  source.profile->columns[1].type = csv::ColumnType::number;
  const load::DatasetLoad dataset = dataset_in(tmp.path(), {source});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  CHECK(rows->front().loaded == 2);
  CHECK(rows->front().rejected == 1);
  const std::string rejected = test::read_file(rows->front().rejected_file);
  CHECK(rejected.find("007,1.50,\"record 2 field 1 (code): \"\"007\"\" is not an integer that reads back as written") !=
        std::string::npos);
  CHECK(query(dataset.database, "SELECT code, price FROM codes ORDER BY rowid") ==
        std::vector<std::string>{"7|1.5", "12|2.0"});
}
