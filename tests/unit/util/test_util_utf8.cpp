#include "util/utf8.hpp"

#include <catch2/catch.hpp>

using namespace fk::util;

TEST_CASE("find_invalid_utf8 reports the offset of the first bad byte") {
  CHECK_FALSE(find_invalid_utf8("plain ascii").has_value());
  CHECK_FALSE(find_invalid_utf8("\xD7\xA9\xD7\x9C").has_value());
  CHECK(find_invalid_utf8("ab\xFF").value() == 2);
  CHECK(find_invalid_utf8("\xC0\xAF").value() == 0);           // overlong '/'
  CHECK(find_invalid_utf8("x\xED\xA0\x80").value() == 1);      // surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80").value() == 0);   // past U+10FFFF
  CHECK(find_invalid_utf8("ok\xE2\x82").value() == 2);         // truncated sequence
}

TEST_CASE("to_valid_utf8 replaces each invalid byte with U+FFFD") {
  CHECK(to_valid_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("truncate_utf8 never splits a sequence") {
  const std::string hebrew = "\xD7\xA9\xD7\x9C"; // two 2-byte letters
  CHECK(truncate_utf8(hebrew, 3) == "\xD7\xA9");
  CHECK(truncate_utf8(hebrew, 4) == hebrew);
  CHECK(truncate_utf8("abc", 1) == "a");
}
