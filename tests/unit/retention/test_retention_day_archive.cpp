// Day archives on a real temporary data root: write + verify after write, checks, bit rot, restore.
#include "archive/member_digest.hpp"
#include "report/download_manifest.hpp"
#include "retention/archive_record.hpp"
#include "retention/day_archive.hpp"
#include "retention/day_check.hpp"
#include "retention/inventory.hpp"
#include "retention/restore.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace fk;

namespace {

const layout::Day k_day = layout::Day::parse("20261120").value();

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::string read(const fs::path& path) { return util::read_file(path).value(); }

void flip_byte(const fs::path& path, std::size_t at) {
  std::string bytes = read(path);
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// A data root with one downloaded dataset (two files) on k_day, its manifest and processed reports.
struct DayFixture {
  fs::path root = fs::temp_directory_path() / ("fk_test_retention_" + std::to_string(::getpid()));
  layout::Layout layout{root};
  std::string csv = "id,name\n1,a\n2,b\n";
  std::string json = "{\"x\": 1}\n";

  DayFixture() {
    fs::remove_all(root);
    const fs::path dataset = layout.raw_dataset(k_day, "owner", "slug");
    write_file(dataset / "data.csv", csv);
    write_file(dataset / "sub" / "meta.json", json);
    report::DownloadManifest manifest{k_day.str(), "2026-11-20T00:00:00Z", "test", {}};
    report::ManifestDataset entry;
    entry.ref = "owner/slug";
    entry.version = 1;
    entry.status = "downloaded";
    entry.files = {{"data.csv", csv.size(), util::sha256_hex(csv), 2}, {"sub/meta.json", json.size(), util::sha256_hex(json), std::nullopt}};
    manifest.datasets.push_back(entry);
    REQUIRE(report::write_manifest(layout.download_manifest(k_day), manifest).ok());
    write_file(layout.processed_day(k_day) / "validation_report.json", "{}\n");
    write_file(layout.processed_day(k_day) / "owner" / "slug.sqlite", "not really a database");
  }
  ~DayFixture() { fs::remove_all(root); }
  DayFixture(const DayFixture&) = delete;
  DayFixture& operator=(const DayFixture&) = delete;
  DayFixture(DayFixture&&) = delete;
  DayFixture& operator=(DayFixture&&) = delete;
};

} // namespace

TEST_CASE("a day's archive holds raw/D with its manifest first and processed/D without databases") {
  DayFixture f;
  auto sources = retention::collect_day_sources(f.layout, k_day);
  REQUIRE(sources.ok());
  std::vector<std::string> members;
  for (const auto& s : *sources) members.push_back(s.member);
  CHECK(members == std::vector<std::string>{"raw/20261120", "raw/20261120/download_manifest.json", "raw/20261120/owner",
                                            "raw/20261120/owner/slug", "raw/20261120/owner/slug/data.csv",
                                            "raw/20261120/owner/slug/sub", "raw/20261120/owner/slug/sub/meta.json",
                                            "processed/20261120", "processed/20261120/owner",
                                            "processed/20261120/validation_report.json"});
}

TEST_CASE("writing a day's archive verifies it, renames it into place and writes a sha256sum line") {
  DayFixture f;
  for (auto format : retention::k_archive_formats) {
    // The written record takes the command's clock, not the file's mtime or the day's name.
    const util::TimePoint written = std::chrono::sys_days(std::chrono::year{2027} / 3 / 4) + std::chrono::hours(5);
    auto outcome = retention::write_day_archive(f.layout, k_day, {format, 3, 2}, written);
    REQUIRE(outcome.ok());
    const fs::path path = retention::archive_path(f.layout, k_day, format);
    CHECK(outcome->path == path);
    CHECK(outcome->files == 4);
    CHECK(outcome->members == 10);
    CHECK(outcome->archive_bytes == fs::file_size(path));
    CHECK(outcome->sha256 == util::sha256_file(path).value());
    CHECK(read(retention::checksum_path(path)) == outcome->sha256 + "  " + path.filename().string() + "\n");
    CHECK(retention::read_archive_record(path) == layout::Day::parse("20270304").value());
    CHECK(read(retention::record_path(path)).find("\"2027-03-04T05:00:00Z\"") != std::string::npos);
    // Only this format's archive (with its checksum file and record) is left, and no temporary.
    CHECK(util::list_names(f.layout.area("archive")) ==
          std::vector<std::string>{path.filename().string(), path.filename().string() + ".sha256",
                                   path.filename().string() + ".written.json"});
    auto check = retention::verify_archive(path, k_day);
    REQUIRE(check.ok());
    CHECK(check->mismatches.empty());
    CHECK(check->members == 10);
    CHECK(check->manifest_sha256 == util::sha256_file(f.layout.download_manifest(k_day)).value());
  }
}

TEST_CASE("a raw file that differs from the manifest stops the archive before anything is published") {
  DayFixture f;
  flip_byte(f.layout.raw_dataset(k_day, "owner", "slug") / "data.csv", 3);
  auto outcome = retention::write_day_archive(f.layout, k_day, {}, util::system_now());
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().kind == util::ErrorKind::integrity);
  CHECK(outcome.error().why.find("raw/20261120/owner/slug/data.csv") != std::string::npos);
  CHECK(util::list_names(f.layout.area("archive")).empty());
  auto raw = retention::verify_raw_day(f.layout, k_day);
  REQUIRE(raw.ok());
  REQUIRE(raw->size() == 1);
  CHECK((*raw)[0].code == "hash-count");
  CHECK((*raw)[0].path == "raw/20261120/owner/slug/data.csv");
}

TEST_CASE("a flipped byte in an archive fails its check; a missing checksum file makes it a leftover") {
  DayFixture f;
  auto outcome = retention::write_day_archive(f.layout, k_day, {}, util::system_now());
  REQUIRE(outcome.ok());
  flip_byte(outcome->path, static_cast<std::size_t>(outcome->archive_bytes / 2));
  auto check = retention::verify_archive(outcome->path, k_day);
  REQUIRE(check.ok());
  REQUIRE(check->mismatches.size() == 1);
  CHECK(check->mismatches[0].code == "checksum");

  retention::Inventory inventory = retention::scan_inventory(f.layout);
  REQUIRE(inventory.days.size() == 1);
  CHECK(inventory.days[0].archive == retention::ArchiveState::present);
  auto found = retention::verify_for_retention(f.layout, {k_day}, inventory);
  REQUIRE(found.ok());
  CHECK(found->size() == 1);
  CHECK(inventory.days[0].archive == retention::ArchiveState::failed);

  fs::remove(retention::checksum_path(outcome->path));
  CHECK(retention::scan_inventory(f.layout).days[0].archive == retention::ArchiveState::leftover);
  CHECK(retention::verify_archive(outcome->path, k_day).value().mismatches[0].code == "no-checksum");
}

TEST_CASE("restore gives back byte-identical files and refuses to overwrite a different day") {
  DayFixture f;
  REQUIRE(retention::write_day_archive(f.layout, k_day, {}, util::system_now()).ok());
  const fs::path elsewhere = f.root / "restored";
  auto restored = retention::restore_day(f.layout, k_day, elsewhere, "run1");
  REQUIRE(restored.ok());
  CHECK(restored->files == 4);
  CHECK_FALSE(restored->already_present);
  CHECK(restored->processed_restored);
  CHECK(read(elsewhere / "raw/20261120/owner/slug/data.csv") == f.csv);
  CHECK(read(elsewhere / "raw/20261120/owner/slug/sub/meta.json") == f.json);
  CHECK(read(elsewhere / "raw/20261120/download_manifest.json") == read(f.layout.download_manifest(k_day)));
  CHECK(read(elsewhere / "processed/20261120/validation_report.json") == "{}\n");
  CHECK_FALSE(fs::exists(elsewhere / "processed/20261120/owner/slug.sqlite"));
  CHECK(util::list_names(elsewhere) == std::vector<std::string>{"processed", "raw"}); // staging removed

  // Into the data root itself: the day is there and identical.
  auto again = retention::restore_day(f.layout, k_day, std::nullopt, "run2");
  REQUIRE(again.ok());
  CHECK(again->already_present);

  write_file(f.layout.raw_dataset(k_day, "owner", "slug") / "data.csv", "changed\n");
  auto refused = retention::restore_day(f.layout, k_day, std::nullopt, "run3");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == util::ErrorKind::usage);
  CHECK(read(f.layout.raw_dataset(k_day, "owner", "slug") / "data.csv") == "changed\n");

  fs::remove_all(f.layout.raw_day(k_day));
  auto back = retention::restore_day(f.layout, k_day, std::nullopt, "run4");
  REQUIRE(back.ok());
  CHECK(read(f.layout.raw_dataset(k_day, "owner", "slug") / "data.csv") == f.csv);
  CHECK(retention::verify_raw_day(f.layout, k_day).value().empty());
  CHECK(util::list_names(f.layout.staging()).empty());
}
