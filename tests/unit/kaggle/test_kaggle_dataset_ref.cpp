#include "kaggle/dataset_ref.hpp"

#include <catch2/catch.hpp>

using namespace fk::kaggle;

TEST_CASE("parse_dataset_ref accepts owner/slug and owner/slug/N") {
  auto plain = parse_dataset_ref("heptapod/titanic");
  REQUIRE(plain.ok());
  CHECK(plain->owner == "heptapod");
  CHECK(plain->slug == "titanic");
  CHECK_FALSE(plain->version);
  CHECK(plain->to_string() == "heptapod/titanic");

  auto versioned = parse_dataset_ref("nih-chest-xrays/data_v2.1/12");
  REQUIRE(versioned.ok());
  CHECK(versioned->slug == "data_v2.1");
  CHECK(versioned->version == 12);
  CHECK(versioned->to_string() == "nih-chest-xrays/data_v2.1/12");
}

TEST_CASE("parse_dataset_ref rejects malformed references with usage errors") {
  for (const char* text : {"titanic", "a/b/c/d", "/titanic", "owner/", "Owner/titanic", "owner/ti tanic",
                           "owner/../x", "owner/slug/0", "owner/slug/-1", "owner/slug/v3", "owner/slug/",
                           "owner/slug/99999999999999999999"}) {
    INFO(text);
    auto ref = parse_dataset_ref(text);
    REQUIRE_FALSE(ref.ok());
    CHECK(ref.error().kind == fk::util::ErrorKind::usage);
    CHECK(ref.error().what.find(text) != std::string::npos);
    CHECK_FALSE(ref.error().fix.empty());
  }
}

TEST_CASE("parse_dataset_ref explains which part is wrong") {
  auto ref = parse_dataset_ref("Heptapod/titanic");
  REQUIRE_FALSE(ref.ok());
  CHECK(ref.error().why.find("owner 'Heptapod'") != std::string::npos);
}
