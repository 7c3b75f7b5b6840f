#include "util/hash.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace fk::util;

TEST_CASE("sha256 and md5 match known vectors, incrementally too") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Hasher md5(Hasher::Algorithm::md5);
  md5.update("a");
  md5.update("bc");
  CHECK(md5.finish_hex() == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("sha256_file hashes a file and reports a missing one") {
  const auto path = std::filesystem::temp_directory_path() / "fk_test_hash.txt";
  std::ofstream(path) << "abc";
  CHECK(sha256_file(path).value() == sha256_hex("abc"));
  std::filesystem::remove(path);
  auto missing = sha256_file(path);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::not_found);
}

TEST_CASE("base64 round-trips and rejects garbage") {
  for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    CHECK(base64_decode(base64_encode(s)).value() == s);
  }
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_decode("Ojk9c3dhfxgoKVVHYwFbHQ==").value().size() == 16);
  CHECK_FALSE(base64_decode("not base64!").has_value());
}

TEST_CASE("from_hex decodes either case and refuses what is not hex (fuzz regression)") {
  CHECK(from_hex("00ff7Fa0").value() == std::string("\x00\xff\x7f\xa0", 4));
  CHECK(from_hex("").value().empty());
  CHECK_FALSE(from_hex("zz").has_value());
  CHECK_FALSE(from_hex("-1").has_value());
  CHECK_FALSE(from_hex(" f").has_value());
  CHECK_FALSE(from_hex("abc").has_value());
}
