#include "kaggle/api_parse.hpp"

#include <catch2/catch.hpp>

using namespace fk::kaggle;
using fk::util::ErrorKind;

namespace {

const CallContext k_context{"GetDataset", "dataset heptapod/titanic version 7"};

} // namespace

TEST_CASE("response_error reads the {code,message} shape, even with HTTP 200") {
  auto error = response_error(200, R"({"code":404,"message":"Not found"})", k_context);
  REQUIRE(error);
  CHECK(error->kind == ErrorKind::not_found);
  CHECK(error->why.find("Not found") != std::string::npos);
  CHECK(error->what.find("heptapod/titanic version 7") != std::string::npos);
}

TEST_CASE("response_error reads the Google {error:{...}} shape") {
  auto error = response_error(
      429, R"({"error":{"code":429,"message":"Too many requests","status":"RESOURCE_EXHAUSTED"}})", k_context);
  REQUIRE(error);
  CHECK(error->kind == ErrorKind::temporary);
  CHECK(error->why.find("Too many requests") != std::string::npos);
  CHECK(error->why.find("RESOURCE_EXHAUSTED") != std::string::npos);
}

TEST_CASE("response_error maps status codes to error kinds") {
  CHECK(response_error(401, R"({"code":401,"message":"Unauthenticated"})", k_context)->kind == ErrorKind::permission);
  CHECK(response_error(403, "", k_context)->kind == ErrorKind::permission);
  CHECK(response_error(404, "<html>gone</html>", k_context)->kind == ErrorKind::not_found);
  CHECK(response_error(400, "{}", k_context)->kind == ErrorKind::usage);
  CHECK(response_error(502, "bad gateway", k_context)->kind == ErrorKind::temporary);
  CHECK(response_error(503, R"({"error":{"code":503}})", k_context)->kind == ErrorKind::temporary);
  CHECK_FALSE(response_error(200, R"({"ref":"a/b"})", k_context));
  CHECK_FALSE(response_error(302, "", k_context));
  // A numeric "code" below 400 is data, not an error.
  CHECK_FALSE(response_error(200, R"({"code":3})", k_context));
}

TEST_CASE("parse_dataset reads an ApiDataset, tolerating string int64s and unknown keys") {
  const char* body = R"({"id": 1, "ref": "heptapod/titanic", "title": "Titanic", "subtitle": "Who survived",
    "creatorName": "Heptapod", "totalBytes": "34877", "url": "https://www.kaggle.com/datasets/heptapod/titanic",
    "lastUpdated": "2019-03-29T11:04:09.553Z", "downloadCount": 12, "isPrivate": false,
    "licenseName": "CC0-1.0", "currentVersionNumber": 7, "tags": [{"ref": "ships", "name": "Ships"}, "history"],
    "someFutureField": {"nested": [1, 2]}})";
  auto dataset = parse_dataset(body, k_context);
  REQUIRE(dataset.ok());
  CHECK(dataset->ref == "heptapod/titanic");
  CHECK(dataset->title == "Titanic");
  CHECK(dataset->creator_name == "Heptapod");
  CHECK(dataset->total_bytes == 34877);
  CHECK(dataset->download_count == 12);
  CHECK(dataset->license_name == "CC0-1.0");
  CHECK(dataset->current_version_number == 7);
  CHECK(dataset->tags == std::vector<std::string>{"Ships", "history"});
  CHECK_FALSE(dataset->is_private);
}

TEST_CASE("parse_dataset treats missing keys as defaults and rejects non-objects") {
  auto empty = parse_dataset("{}", k_context);
  REQUIRE(empty.ok());
  CHECK(empty->current_version_number == 0);
  CHECK(empty->tags.empty());
  auto bad = parse_dataset("[1,2]", k_context);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::temporary);
  CHECK_FALSE(parse_dataset("not json", k_context).ok());
}

TEST_CASE("parse_file_page reads datasetFiles and the next page token") {
  const char* body = R"({"datasetFiles": [
     {"ref": "train.csv", "datasetRef": "heptapod/titanic", "ownerRef": "heptapod",
      "name": "train.csv", "creationDate": "2019-03-29T11:04:09.553Z",
      "fileType": ".csv", "totalBytes": 61194, "columns": []}],
   "nextPageToken": "CgtIb3VzZS5jc3Y="})";
  auto page = parse_file_page(body, k_context);
  REQUIRE(page.ok());
  REQUIRE(page->files.size() == 1);
  CHECK(page->files[0].name == "train.csv");
  CHECK(page->files[0].total_bytes == 61194);
  CHECK(page->files[0].file_type == ".csv");
  CHECK(page->next_page_token == "CgtIb3VzZS5jc3Y=");
}

TEST_CASE("parse_file_page turns an in-band errorMessage into an error") {
  auto page = parse_file_page(R"({"datasetFiles": [], "errorMessage": "Dataset version not found"})", k_context);
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().why.find("Dataset version not found") != std::string::npos);
  auto nameless = parse_file_page(R"({"datasetFiles": [{"totalBytes": 3}]})", k_context);
  CHECK_FALSE(nameless.ok());
}

TEST_CASE("parse_metadata reads licences, and errorMessage is an error") {
  const char* body = R"({"info": {"datasetId": 5839, "datasetSlug": "data", "ownerUser": "nih-chest-xrays",
          "usabilityRating": 0.7352941, "totalViews": 512345, "totalVotes": 967,
          "totalDownloads": 65221, "title": "NIH Chest X-rays", "isPrivate": false,
          "keywords": ["health"], "licenses": [{"name": "CC0-1.0"}],
          "collaborators": [], "data": []}})";
  auto metadata = parse_metadata(body, k_context);
  REQUIRE(metadata.ok());
  CHECK(metadata->dataset_id == 5839);
  CHECK(metadata->title == "NIH Chest X-rays");
  CHECK(metadata->licenses == std::vector<std::string>{"CC0-1.0"});
  CHECK(metadata->keywords == std::vector<std::string>{"health"});
  CHECK_FALSE(parse_metadata(R"({"errorMessage": "no access"})", k_context).ok());
}

TEST_CASE("parse_dataset_page reads a list of datasets") {
  auto page = parse_dataset_page(R"({"datasets": [{"ref": "a/b", "totalBytes": 5}, {"ref": "c/d"}],
                                     "nextPageToken": ""})",
                                 k_context);
  REQUIRE(page.ok());
  REQUIRE(page->datasets.size() == 2);
  CHECK(page->datasets[0].ref == "a/b");
  CHECK(page->datasets[0].total_bytes == 5);
  CHECK(page->datasets[1].ref == "c/d");
  CHECK(page->next_page_token.empty());
}
