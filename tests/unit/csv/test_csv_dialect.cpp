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
  // A double quote that never opens a field (inch marks) still leaves '"' the quote: it is kept literally.
  CHECK(detect_dialect("size,name\n12\",pizza\n14\",pie\n").quote_char == '"'); // inch marks stay literal
  CHECK(detect_dialect("a,b\n1,2\n").quote_char == '"');
}

TEST_CASE("detect_dialect falls back to comma and ignores a cut last line") {
  CHECK(detect_dialect("single\nvalues\n").delimiter == ',');
  CHECK(detect_dialect("a|b\n1|2\n3;4;5;6;7").delimiter == '|');
}

TEST_CASE("detect_dialect: the header decides the delimiter") {
  // One column (no candidate splits the header): a delimiter that never occurs, so no value is split.
  CHECK(detect_dialect("name\na,b\nc,d\n").delimiter == ';');
  CHECK(detect_dialect("price\n1,000\nx;y\n2,5\n").delimiter == '\t');
  CHECK(detect_dialect("v\n\"a,b\"\nc\n").delimiter == ',');
  CHECK(detect_dialect("v\na,b\nc;d\ne\tf\ng|h\n").delimiter == ',');
  // Several columns: the candidate that splits the header and the most records like it.
  CHECK(detect_dialect("a,b,c\nx;y;z;w\nx;y;z;w\n").delimiter == ',');
  CHECK(detect_dialect("id;price\n1;2,5\n2;3,5\n3;1,25\n").delimiter == ';');
  // Without a header row the most consistent split wins.
  CHECK(detect_dialect("name\na,b\nc,d\n", false).delimiter == ',');
}
