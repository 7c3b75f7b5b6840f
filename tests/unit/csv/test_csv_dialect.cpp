#include "csv/dialect.hpp"

#include <catch2/catch.hpp>

using fk::csv::detect_dialect;

TEST_CASE("detect_dialect finds comma, semicolon, tab and pipe") {
  CHECK(detect_dialect("a,b,c\n1,2,3\n4,5,6\n").delimiter == ',');
  CHECK(detect_dialect("a;b;c\n1,5;2;3\n4;5,5;6\n").delimiter == ';');
  CHECK(detect_dialect("a\tb\tc\n1\t2\t3\n").delimiter == '\t');
  CHECK(detect_dialect("a|b|c\n1|2|3\n4|5|6\n").delimiter == '|');
}

TEST_CASE("detect_dialect ignores delimiters inside quotes") {
  // Each line has two commas inside quotes but a consistent two semicolons outside.
  const auto dialect = detect_dialect("name;city;price\n\"Levy, Rami\";\"Tel Aviv, Yafo\";5\n\"a,b\";\"c,d\";6\n");
  CHECK(dialect.delimiter == ';');
  CHECK(dialect.quote_char == '"');
  CHECK(dialect.delimiter_detected);
}

TEST_CASE("detect_dialect picks the quote character") {
  CHECK(detect_dialect("a,b\n'x, y','z'\n'p','q'\n").quote_char == '\'');
  // The empty-value token '' alone does not make ' the quote character.
  CHECK(detect_dialect("a,b\n'',1\n'',2\n").quote_char == '"');
  // A double quote that never opens a field means the file has no quoting.
  CHECK(detect_dialect("size,name\n12\",pizza\n14\",pie\n").quote_char == '\0');
  CHECK(detect_dialect("a,b\n1,2\n").quote_char == '"');
}

TEST_CASE("detect_dialect falls back to comma and ignores a cut last line") {
  CHECK(detect_dialect("single\nvalues\n").delimiter == ',');
  CHECK(detect_dialect("a|b\n1|2\n3;4;5;6;7").delimiter == '|');
}
