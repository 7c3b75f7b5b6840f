#include "net/url.hpp"

#include <catch2/catch.hpp>

using namespace fk::net;

TEST_CASE("redact_url drops the query string and fragment") {
  CHECK(redact_url("https://storage.example/a/archive.zip?X-Goog-Signature=abc&x=1") ==
        "https://storage.example/a/archive.zip");
  CHECK(redact_url("http://h/p#frag") == "http://h/p");
  CHECK(redact_url("http://h/p") == "http://h/p");
}

TEST_CASE("last_path_segment names the storage object") {
  CHECK(last_path_segment("http://127.0.0.1:5/storage/o/s/3/train.csv.zip?sig=1") == "train.csv.zip");
  CHECK(last_path_segment("http://host") == "");
  CHECK(last_path_segment("http://host/dir/") == "");
}

TEST_CASE("url_origin keeps scheme, host and port") {
  CHECK(url_origin("http://127.0.0.1:8080/api/v1?x") == "http://127.0.0.1:8080");
  CHECK(url_origin("/relative/path") == "");
}
