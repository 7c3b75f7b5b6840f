#include "load/cell_value.hpp"
#include "load/sqlite_loader.hpp"
#include "load_fixture.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using fk::test::LoadTempDir;
using fk::test::query;

namespace {

// 200 good records, one text in the integer column, one short and one long record.
std::string mixed_csv() {
  std::string text = "id,price,name,day\n";
  for (int i = 1; i <= 200; ++i) {
    text += std::to_string(i) + "," + std::to_string(i) + ".5,\"שלום, " + std::to_string(i) + "\",2024-01-02\n";
  }
  text += "oops,1.25,bad id,2024-01-02\n";
  text += "202,2.25\n";
  text += "203,3.25,x,2024-01-02,extra\n";
  text += "204,'',,''\n";
  return text;
}

load::DatasetLoad dataset_in(const std::filesystem::path& root, std::vector<load::TableSource> tables) {
  return {"owner/slug", root / "processed" / "owner" / "slug.sqlite",
          root / "processed" / "owner" / "slug" / "rejected", std::move(tables)};
}

} // namespace

TEST_CASE("a CSV is loaded with typed columns and its bad rows are rejected with reasons") {
  LoadTempDir tmp("mixed");
  auto source = test::make_source(tmp.path() / "raw", "Prices.csv", mixed_csv());
  REQUIRE(source.profile->columns[0].type == csv::ColumnType::integer);
  const load::DatasetLoad dataset = dataset_in(tmp.path(), {source});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  const load::TableLoad& row = rows->front();
  CHECK(row.status == "loaded");
  CHECK(row.table == "prices");
  CHECK(row.records_read == 204);
  CHECK(row.loaded == 201);
  CHECK(row.rejected == 3);
  CHECK(row.bytes == mixed_csv().size());
  CHECK(row.rejected_file == (dataset.rejected_dir / "Prices.csv.rejected.csv").string());

  CHECK(query(dataset.database, "SELECT count(*) FROM prices") == std::vector<std::string>{"201"});
  CHECK(query(dataset.database, "SELECT type FROM pragma_table_info('prices') ORDER BY cid") ==
        std::vector<std::string>{"INTEGER", "REAL", "TEXT", "TEXT"});
  CHECK(query(dataset.database, "SELECT typeof(id), typeof(price), name FROM prices WHERE id = 7") ==
        std::vector<std::string>{"integer|real|שלום, 7"});
  CHECK(query(dataset.database, "SELECT price, name, day FROM prices WHERE id = 204") ==
        std::vector<std::string>{"<null>|<null>|<null>"});

  const std::string rejected = test::read_file(dataset.rejected_dir / "Prices.csv.rejected.csv");
  CHECK(rejected == "id,price,name,day,_reason\r\n"
                    "oops,1.25,bad id,2024-01-02,\"record 201 field 1 (id): \"\"oops\"\" is not " +
                        std::string(load::k_exact_integer) +
                        "\"\r\n"
                        "202,2.25,\"record 202 has 2 cells, the header has 4\"\r\n"
                        "203,3.25,x,2024-01-02,extra,\"record 203 has 5 cells, the header has 4\"\r\n");
  for (const auto& entry : std::filesystem::directory_iterator(dataset.database.parent_path())) {
    CHECK_FALSE(entry.path().filename().string().find(".tmp") != std::string::npos);
  }
}

TEST_CASE("a re-run replaces the database and removes a stale rejected file") {
  LoadTempDir tmp("rerun");
  auto bad = test::make_source(tmp.path() / "raw", "a.csv", mixed_csv());
  REQUIRE(load::load_dataset(dataset_in(tmp.path(), {bad}), {}).ok());
  auto good = test::make_source(tmp.path() / "raw", "a.csv", "x,y\n1,2\n3,4\n");
  const load::DatasetLoad dataset =
      dataset_in(tmp.path(), {good, test::make_source(tmp.path() / "raw", "A.TSV", "v\n1\n")});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  CHECK((*rows)[1].table == "a_2");
  CHECK(query(dataset.database, "SELECT count(*) FROM a") == std::vector<std::string>{"2"});
  CHECK(query(dataset.database, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'") ==
        std::vector<std::string>{"a,a_2"});
  CHECK_FALSE(std::filesystem::exists(dataset.rejected_dir / "a.csv.rejected.csv"));
}

TEST_CASE("skipped files are listed but not loaded, and nothing is written when none is loadable") {
  LoadTempDir tmp("skip");
  load::TableSource corrupt{"c.csv", tmp.path() / "raw" / "c.csv", std::nullopt, "hash-count: differs"};
  const load::DatasetLoad dataset = dataset_in(tmp.path(), {corrupt});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  CHECK(rows->front().status == "skipped");
  CHECK(rows->front().message == "hash-count: differs");
  CHECK_FALSE(std::filesystem::exists(dataset.database));
}

TEST_CASE("a file that vanished before loading is failed, the others still load") {
  LoadTempDir tmp("vanish");
  auto gone = test::make_source(tmp.path() / "raw", "gone.csv", "a\n1\n");
  std::filesystem::remove(gone.source);
  const load::DatasetLoad dataset =
      dataset_in(tmp.path(), {gone, test::make_source(tmp.path() / "raw", "ok.csv", "a\n1\n2\n")});
  auto rows = load::load_dataset(dataset, {});
  REQUIRE(rows.ok());
  CHECK((*rows)[0].status == "failed");
  CHECK((*rows)[0].message.find("gone.csv") != std::string::npos);
  CHECK((*rows)[1].status == "loaded");
  CHECK(query(dataset.database, "SELECT name FROM sqlite_master WHERE type = 'table'") ==
        std::vector<std::string>{"ok"});
}

TEST_CASE("a database folder that cannot be created is an error naming the path") {
  LoadTempDir tmp("blocked");
  auto source = test::make_source(tmp.path() / "raw", "a.csv", "a\n1\n");
  test::write_file(tmp.path() / "processed" / "owner", "a file where the folder should be");
  auto rows = load::load_dataset(dataset_in(tmp.path(), {source}), {});
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.error().message().find((tmp.path() / "processed" / "owner").string()) != std::string::npos);
}
