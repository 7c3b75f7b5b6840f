#include "fake_kaggle/api.hpp"
#include "fake_kaggle/checksums.hpp"
#include "fake_kaggle/faults.hpp"
#include "fake_kaggle/storage.hpp"

#include <catch2/catch.hpp>

using namespace fk::fake_kaggle;

TEST_CASE("crc32c matches the Castagnoli check value and GCS's base64 form") {
  CHECK(crc32c("123456789") == 0xE3069283U);
  CHECK(crc32c("") == 0U);
  // Incremental and one-shot agree across the 8-byte fast path.
  const std::string text = "The quick brown fox jumps over the lazy dog";
  CHECK(crc32c_update(crc32c_update(0, text.data(), 5), text.data() + 5, text.size() - 5) == crc32c(text));
  CHECK(crc32c_base64(0xE3069283U) == "4waSgw==");
}

TEST_CASE("Range headers are decided like GCS does") {
  CHECK_FALSE(decide_range("", 100).partial);
  const auto open_ended = decide_range("bytes=10-", 100);
  CHECK((open_ended.partial && open_ended.first == 10 && open_ended.last == 99));
  const auto closed = decide_range("bytes=10-19", 100);
  CHECK((closed.partial && closed.first == 10 && closed.last == 19));
  const auto clamped = decide_range("bytes=90-500", 100);
  CHECK((clamped.partial && clamped.last == 99));
  const auto suffix = decide_range("bytes=-5", 100);
  CHECK((suffix.partial && suffix.first == 95 && suffix.last == 99));
  CHECK(decide_range("bytes=100-", 100).unsatisfiable);
  CHECK_FALSE(decide_range("bytes=20-10", 100).partial);
  CHECK_FALSE(decide_range("bytes=1-2,5-6", 100).partial);
  CHECK_FALSE(decide_range("items=1-2", 100).partial);
}

TEST_CASE("fault rules parse, match and count down") {
  auto rules = parse_fault_rules(R"([{"match":"storage","count":2,"status":503,"retry_after":7},
                                     {"match":"GetDataset","error_shape":"google","omit_headers":["content-length"]}])",
                                 "test");
  REQUIRE(rules.ok());
  REQUIRE(rules->size() == 2);
  CHECK((*rules)[0].retry_after.value() == "7");
  CHECK((*rules)[1].omits("Content-Length"));
  FaultBook book;
  book.append(std::move(*rules));
  CHECK_FALSE(book.take(RequestKind::api, "ListDatasets").has_value());
  CHECK(book.take(RequestKind::api, "GetDataset")->index == 1);
  CHECK(book.take(RequestKind::storage, "")->rule.status.value() == 503);
  CHECK(book.take(RequestKind::storage, "").has_value());
  CHECK_FALSE(book.take(RequestKind::storage, "").has_value());

  CHECK_FALSE(parse_fault_rules(R"([{"match":"storage","bogus":1}])", "test").ok());
  CHECK_FALSE(parse_fault_rules(R"([{"count":0}])", "test").ok());
  CHECK_FALSE(parse_fault_rules("[1]", "test").ok());
}

TEST_CASE("API request bodies and legacy queries parse with defaults") {
  auto request = parse_api_request("ListDatasetFiles", R"({"ownerSlug":"o","datasetSlug":"d","datasetVersionNumber":"3"})");
  REQUIRE(request.ok());
  CHECK(request->version.value() == 3);
  CHECK(request->page == 1);
  CHECK(parse_api_request("GetDataset", "").ok());
  CHECK_FALSE(parse_api_request("GetDataset", R"({"ownerSlug":5})").ok());
  auto legacy = legacy_api_request("DownloadDataset", "o", "d", std::nullopt,
                                   {{"dataset_version_number", "4"}, {"FileName", "a.csv"}});
  REQUIRE(legacy.ok());
  CHECK(legacy->version.value() == 4);
  CHECK(legacy->file_name.value() == "a.csv");
  CHECK(error_body(404, "Not found", ErrorShape::google) ==
        R"({"error":{"code":404,"message":"Not found","status":"NOT_FOUND"}})");
  CHECK(url_encode_path("a b/\xD7\xA9.csv") == "a%20b/%D7%A9.csv");
}
