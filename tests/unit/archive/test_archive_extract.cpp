#include "archive/extract.hpp"
#include "unit/archive/archive_fixture.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <thread>

using namespace fk;
using namespace fk::archive;
using namespace fk::archive::testing;
using Kind = Member::Kind;

namespace {

const std::string k_hebrew_name = "נתונים/מכירות 2024.csv"; // "data/sales 2024.csv" in Hebrew

std::vector<Member> sample_members() {
  std::string big;
  for (int i = 0; i < 20000; ++i)
    big += std::to_string(i) + ",name " + std::to_string(i * 7) + ",3.25\n";
  return {
      {"top.csv", "a,b\n1,2\n3,4\n"},
      {"nested/", "", Kind::folder},
      {"nested/deeper/big.csv", big},
      {k_hebrew_name, "עמודה,ערך\nא,1\n"},
      {"empty.txt", ""},
  };
}

void check_round_trip(const ExtractSummary& summary, const fs::path& dest) {
  const auto members = sample_members();
  REQUIRE(summary.files.size() == 4);
  std::uint64_t total = 0;
  for (const auto& member : members) {
    if (member.kind != Kind::file) continue;
    const auto found = std::find_if(summary.files.begin(), summary.files.end(),
                                    [&](const EntryResult& file) { return file.path == member.name; });
    REQUIRE(found != summary.files.end());
    CHECK(found->bytes == member.data.size());
    CHECK(found->sha256 == util::sha256_hex(member.data));
    CHECK(util::read_file(dest / member.name).value() == member.data);
    total += member.data.size();
  }
  CHECK(summary.bytes_written == total);
  CHECK(summary.warnings.empty());
}

} // namespace

TEST_CASE("a zip with nested folders and a Hebrew name round-trips with correct sha256s") {
  const fs::path dest = fresh_dir("roundtrip") / "dest";
  const std::string zip = build_archive(Container::zip, sample_members());
  LineCounter counter;
  auto summary = extract_stream(source_of(zip, 64 << 10), dest, {}, &counter);
  INFO(describe(summary));
  REQUIRE(summary.ok());
  check_round_trip(*summary, dest);
  CHECK(summary->entries == 5);
  CHECK(summary->compressed_bytes == zip.size()); // read to the end, central directory included
  CHECK(fs::is_regular_file(fs::u8path(dest.string() + "/" + k_hebrew_name)));
  CHECK(counter.begun.size() == 4);
  const auto& big = *std::find_if(summary->files.begin(), summary->files.end(),
                                  [](const EntryResult& f) { return f.path == "nested/deeper/big.csv"; });
  const auto observed = std::any_cast<std::pair<std::size_t, std::size_t>>(big.observed);
  CHECK(observed.first == big.bytes);
  CHECK(observed.second == 20000);
  // No mode from the archive (0600, 0700) is applied.
  struct stat info {};
  REQUIRE(::stat((dest / "top.csv").c_str(), &info) == 0);
  CHECK((info.st_mode & 0044) == 0044);
  REQUIRE(::stat((dest / "nested").c_str(), &info) == 0);
  CHECK((info.st_mode & 0055) == 0055);
  fs::remove_all(dest.parent_path());
}

TEST_CASE("tar and tar.gz and a stored zip extract the same files") {
  for (const auto container : {Container::tar, Container::tar_gz, Container::zip_stored}) {
    const fs::path dest = fresh_dir("formats") / "dest";
    auto summary = extract_stream(source_of(build_archive(container, sample_members()), 100000), dest);
    INFO(describe(summary));
    REQUIRE(summary.ok());
    check_round_trip(*summary, dest);
    fs::remove_all(dest.parent_path());
  }
}

TEST_CASE("chunks of one byte extract correctly") {
  for (const auto container : {Container::zip, Container::zip_stored, Container::tar_gz}) {
    const fs::path dest = fresh_dir("onebyte") / "dest";
    const std::string bytes = build_archive(container, sample_members());
    auto summary = extract_stream(source_of(bytes, 1), dest);
    INFO(describe(summary));
    REQUIRE(summary.ok());
    check_round_trip(*summary, dest);
    CHECK(summary->compressed_bytes == bytes.size());
    fs::remove_all(dest.parent_path());
  }
}

TEST_CASE("a duplicate entry: the later copy wins and is counted once with a warning") {
  const fs::path dest = fresh_dir("duplicate") / "dest";
  const std::string zip =
      build_archive(Container::zip, {{"a.csv", "first\n"}, {"b.csv", "b\n"}, {"a.csv", "second!\n"}});
  LineCounter counter;
  auto summary = extract_stream(source_of(zip, 4096), dest, {}, &counter);
  INFO(describe(summary));
  REQUIRE(summary.ok());
  REQUIRE(summary->files.size() == 2);
  CHECK(summary->files[0].path == "a.csv");
  CHECK(summary->files[0].sha256 == util::sha256_hex("second!\n"));
  CHECK(summary->bytes_written == std::string("second!\nb\n").size());
  CHECK(util::read_file(dest / "a.csv").value() == "second!\n");
  REQUIRE(summary->warnings.size() == 1);
  CHECK(summary->warnings[0].find("duplicate entry 'a.csv'") != std::string::npos);
  fs::remove_all(dest.parent_path());
}

TEST_CASE("a truncated zip fails with an error naming the archive") {
  const fs::path dest = fresh_dir("truncated") / "dest";
  const std::string zip = build_archive(Container::zip, sample_members());
  ExtractOptions options;
  options.source_name = "owner/dataset v3";
  auto summary = extract_stream(source_of(zip.substr(0, zip.size() / 2), 8192), dest, options);
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.error().kind == util::ErrorKind::validation);
  CHECK(summary.error().what.find("owner/dataset v3") != std::string::npos);
  CHECK_FALSE(summary.error().why.empty());
  CHECK_FALSE(summary.error().fix.empty());
  fs::remove_all(dest.parent_path());
}

TEST_CASE("garbage and an empty stream are refused but an empty zip is fine") {
  const fs::path dest = fresh_dir("garbage") / "dest";
  auto garbage = extract_stream(source_of(std::string(5000, 'x'), 1000), dest);
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.error().kind == util::ErrorKind::validation);
  CHECK_FALSE(extract_stream(source_of("", 10), dest).ok());
  auto empty = extract_stream(source_of(build_archive(Container::zip, {}), 10), dest);
  INFO(describe(empty));
  REQUIRE(empty.ok());
  CHECK(empty->files.empty());
  fs::remove_all(dest.parent_path());
}

TEST_CASE("extraction fed by a ByteChannel from another thread and a producer abort surfaces") {
  const std::string zip = build_archive(Container::zip, sample_members());
  SECTION("complete stream") {
    const fs::path dest = fresh_dir("channel") / "dest";
    util::ByteChannel channel(16 << 10);
    std::thread producer([&] {
      for (std::size_t at = 0; at < zip.size(); at += 3000) {
        if (!channel.push(zip.substr(at, 3000))) return;
      }
      channel.close();
    });
    auto summary = extract_stream(pull_from(channel), dest);
    producer.join();
    INFO(describe(summary));
    REQUIRE(summary.ok());
    check_round_trip(*summary, dest);
    fs::remove_all(dest.parent_path());
  }
  SECTION("the producer aborts half way") {
    const fs::path dest = fresh_dir("channel_abort") / "dest";
    util::ByteChannel channel(16 << 10);
    std::thread producer([&] {
      (void)channel.push(zip.substr(0, zip.size() / 2));
      channel.abort(util::make_error(util::ErrorKind::temporary, "cannot download owner/dataset", "connection reset"));
    });
    auto summary = extract_stream(pull_from(channel), dest);
    producer.join();
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().kind == util::ErrorKind::temporary);
    CHECK(summary.error().why == "connection reset");
    fs::remove_all(dest.parent_path());
  }
}

TEST_CASE("a stop request ends the extraction with an interrupted error") {
  const fs::path dest = fresh_dir("interrupt") / "dest";
  util::install_signal_handlers();
  std::raise(SIGTERM);
  auto summary = extract_stream(source_of(build_archive(Container::zip, sample_members()), 4096), dest);
  util::reset_stop_request_for_tests();
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.error().kind == util::ErrorKind::interrupted);
  fs::remove_all(dest.parent_path());
}

TEST_CASE("store_stream writes and hashes a raw download and shows it to the observer") {
  const fs::path dir = fresh_dir("store");
  std::string body;
  for (int i = 0; i < 5000; ++i)
    body += "row " + std::to_string(i) + "\n";
  const fs::path target = dir / "sub" / "data.csv";
  fs::create_directories(target.parent_path());
  { std::ofstream(target) << "stale"; }
  LineCounter counter;
  auto stored = store_stream(source_of(body, 777), target, &counter);
  INFO(describe(stored));
  REQUIRE(stored.ok());
  CHECK(stored->path == "data.csv");
  CHECK(stored->bytes == body.size());
  CHECK(stored->sha256 == util::sha256_hex(body));
  CHECK(util::read_file(target).value() == body);
  CHECK(std::any_cast<std::pair<std::size_t, std::size_t>>(stored->observed).second == 5000);
  auto failing = store_stream(
      []() -> util::Result<std::optional<std::string>> {
        return util::make_error(util::ErrorKind::temporary, "cannot download x", "timeout");
      },
      dir / "other.csv");
  REQUIRE_FALSE(failing.ok());
  CHECK(failing.error().why == "timeout");
  fs::remove_all(dir);
}
