#include "report/download_manifest.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace fk::report;

namespace {
ManifestDataset dataset(const std::string& ref, const std::string& status) {
  ManifestDataset d;
  d.ref = ref;
  d.status = status;
  d.version = 3;
  return d;
}
} // namespace

TEST_CASE("a manifest round-trips, including a file name that is not valid UTF-8") {
  DownloadManifest manifest;
  manifest.day = "20261122";
  ManifestDataset d = dataset("owner/slug", "downloaded");
  d.files.push_back({"\xD7\xA9\xD7\x9C/price_file_\xFF.csv", 42, std::string(64, 'a'), 7});
  d.files.push_back({"index.json", 10, std::string(64, 'b'), std::nullopt});
  manifest.merge(d);
  std::ostringstream out;
  write_manifest_json(out, manifest);
  auto parsed = parse_manifest(out.str(), "test");
  REQUIRE(parsed.ok());
  REQUIRE(parsed->datasets.size() == 1);
  const ManifestDataset& back = parsed->datasets[0];
  CHECK(back.ref == "owner/slug");
  REQUIRE(back.files.size() == 2);
  CHECK(back.files[0].path == "\xD7\xA9\xD7\x9C/price_file_\xFF.csv");
  CHECK(back.files[0].records == 7u);
  CHECK_FALSE(back.files[1].records.has_value());
}

TEST_CASE("merge replaces by ref, keeps order, and never lets a failure replace a download") {
  DownloadManifest manifest;
  manifest.merge(dataset("b/b", "downloaded"));
  manifest.merge(dataset("a/a", "failed"));
  manifest.merge(dataset("b/b", "failed"));
  REQUIRE(manifest.datasets.size() == 2);
  CHECK(manifest.datasets[0].ref == "a/a");
  CHECK(manifest.find("b/b")->status == "downloaded");
  manifest.merge(dataset("a/a", "downloaded"));
  CHECK(manifest.find("a/a")->status == "downloaded");
  CHECK(manifest.find("c/c") == nullptr);
}

TEST_CASE("an unchanged entry never replaces a downloaded one of the same day (backfill regression)") {
  DownloadManifest manifest;
  manifest.merge(dataset("b/b", "downloaded"));
  ManifestDataset pointer = dataset("b/b", "unchanged");
  pointer.unchanged_day = "20260301";
  manifest.merge(pointer);
  CHECK(manifest.find("b/b")->status == "downloaded");
  CHECK(manifest.find("b/b")->unchanged_day.empty());
  manifest.merge(pointer); // over a failed or an unchanged entry it is fine
  manifest.merge(dataset("a/a", "failed"));
  manifest.merge(pointer);
  CHECK(manifest.find("b/b")->status == "downloaded");
}

TEST_CASE("error_kind and selection round-trip") {
  DownloadManifest manifest;
  manifest.day = "20261122";
  ManifestDataset failed = dataset("a/a", "failed");
  failed.error_kind = "not_found";
  manifest.merge(failed);
  ManifestDataset some = dataset("b/b", "downloaded");
  some.selection = {"*.csv", "sub/*"};
  manifest.merge(some);
  std::ostringstream out;
  write_manifest_json(out, manifest);
  auto parsed = parse_manifest(out.str(), "test");
  REQUIRE(parsed.ok());
  CHECK(parsed->find("a/a")->error_kind == "not_found");
  CHECK(parsed->find("a/a")->selection.empty());
  CHECK(parsed->find("b/b")->selection == std::vector<std::string>{"*.csv", "sub/*"});
  CHECK(parsed->find("b/b")->error_kind.empty());
}

TEST_CASE("parse_manifest rejects other JSON with an integrity error") {
  auto parsed = parse_manifest(R"({"dataset":{"name":"old layout"}})", "old.json");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().kind == fk::util::ErrorKind::integrity);
  CHECK(parsed.error().fix.find("migrate") != std::string::npos);
  CHECK_FALSE(parse_manifest("{not json", "broken.json").ok());
}

TEST_CASE("a path_hex that is not hex falls back to the readable path (fuzz regression)") {
  auto manifest = parse_manifest(
      R"({"schema":"fetch-kaggle/download-manifest","datasets":[{"ref":"a/b","files":[{"path":"x","path_hex":"zz"}]}]})",
      "test");
  if (manifest) {
    REQUIRE(manifest->datasets.size() == 1);
    REQUIRE(manifest->datasets[0].files.size() == 1);
    CHECK(manifest->datasets[0].files[0].path == "x");
  } else {
    CHECK(manifest.error().kind == fk::util::ErrorKind::integrity);
  }
}
