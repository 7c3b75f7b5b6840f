#include "load/names.hpp"

#include <catch2/catch.hpp>

using namespace fk;

TEST_CASE("table names: ASCII lower-case, punctuation as _, without the extension") {
  std::set<std::string> used;
  CHECK(load::derive_table_name("Price_Full-File 2024.csv", used) == "price_full_file_2024");
  CHECK(load::derive_table_name("sub/dir/Stores.TSV", used) == "stores");
  CHECK(load::derive_table_name(".csv", used) == "_csv");
  CHECK(load::derive_table_name("sqlite_master.csv", used) == "t_sqlite_master");
}

TEST_CASE("table names keep Unicode letters, NFC-normalised (issue 18)") {
  std::set<std::string> used;
  CHECK(load::derive_table_name("מחירים.csv", used) == "מחירים");
  CHECK(load::derive_table_name("sub/מחירים.tsv", used) == "מחירים_2");
  CHECK(load::derive_table_name("סניפים.csv", used) == "סניפים");
  CHECK(load::derive_table_name("prices 🚀.csv", used) == "prices_🚀");
  // "é" decomposed (e + U+0301) and precomposed name the same table.
  CHECK(load::derive_table_name("Cafe\xCC\x81.csv", used) == "caf\xC3\xA9");
  CHECK(load::derive_table_name("Caf\xC3\xA9.csv", used) == "caf\xC3\xA9_2");
  CHECK(load::derive_table_name("a\x01"
                                "b\xC2\x85"
                                "c.csv",
                                used) == "a_b_c");               // C0 and C1 controls
  CHECK(load::derive_table_name("bad\xFF.csv", used) == "bad_"); // invalid UTF-8
}

TEST_CASE("table names are de-duplicated") {
  std::set<std::string> used;
  CHECK(load::derive_table_name("a.csv", used) == "a");
  CHECK(load::derive_table_name("A.tsv", used) == "a_2");
  CHECK(load::derive_table_name("x/a.csv", used) == "a_3");
  CHECK(used.size() == 3);
}

TEST_CASE("column names: blank labels get field_<n>, repeats a suffix") {
  CHECK(load::derive_column_names({"id", "", "ID", "name", " "}) ==
        std::vector<std::string>{"id", "field_2", "ID_2", "name", "field_5"});
}

TEST_CASE("identifiers are quoted with inner quotes doubled") {
  CHECK(load::quote_identifier("a\"b") == "\"a\"\"b\"");
  CHECK(load::quote_identifier("שם") == "\"שם\"");
}
