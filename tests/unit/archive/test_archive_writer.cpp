// The archive writer: block-parallel gzip members, libarchive's tar writer, and reading members back.
#include "archive/gzip_blocks.hpp"
#include "archive/member_digest.hpp"
#include "archive/tar_writer.hpp"
#include "unit/archive/archive_fixture.hpp"
#include "unit/archive/gunzip.hpp"
#include "util/hash.hpp"

#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <libdeflate.h>
#include <string>

namespace fs = std::filesystem;
using namespace fk;
using fk::archive::testing::gunzip;
using fk::archive::testing::sample_text;

namespace {

fs::path fresh(const std::string& name) { return fk::archive::testing::fresh_dir("writer_" + name); }

std::size_t count_members(const std::string& compressed) {
  std::size_t count = 0;
  for (std::size_t at = compressed.find("\x1f\x8b\x08"); at != std::string::npos;
       at = compressed.find("\x1f\x8b\x08", at + 1))
    ++count;
  return count;
}

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

} // namespace

TEST_CASE("parallel gzip writes one member per block, in input order, that decompress to the input") {
  const std::string input = sample_text(100'000);
  std::string output;
  archive::ParallelGzip gzip(
      [&](std::string_view bytes) {
        output.append(bytes);
        return util::Status(util::Ok{});
      },
      6, 3, 10'000);
  CHECK(gzip.threads() == 3);
  // Uneven pieces cross block boundaries.
  for (std::size_t at = 0; at < input.size(); at += 7'777)
    REQUIRE(gzip.write(std::string_view(input).substr(at, 7'777)).ok());
  auto written = gzip.finish();
  REQUIRE(written.ok());
  CHECK(*written == output.size());
  CHECK(output.size() < input.size() / 2);
  CHECK(output.substr(0, 2) == "\x1f\x8b");
  CHECK(gunzip(output) == input);
  CHECK(count_members(output) >= 10); // 10 blocks of 10,000 bytes (a member's data may hold the magic by chance)
}

TEST_CASE("parallel gzip of an empty stream is one valid empty member") {
  std::string output;
  archive::ParallelGzip gzip(
      [&](std::string_view bytes) {
        output.append(bytes);
        return util::Status(util::Ok{});
      },
      6, 2);
  REQUIRE(gzip.finish().ok());
  CHECK(output.substr(0, 2) == "\x1f\x8b");
  libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
  char none[1];
  std::size_t in_used = 0;
  std::size_t out_size = 1;
  CHECK(libdeflate_gzip_decompress_ex(decompressor, output.data(), output.size(), none, 0, &in_used, &out_size) ==
        LIBDEFLATE_SUCCESS);
  CHECK(in_used == output.size());
  CHECK(out_size == 0);
  libdeflate_free_decompressor(decompressor);
}

TEST_CASE("parallel gzip passes a sink failure on") {
  archive::ParallelGzip gzip(
      [](std::string_view) -> util::Status {
        return util::make_error(util::ErrorKind::no_space, "cannot write", "No space left on device");
      },
      1, 2, 1'000);
  util::Status status = gzip.write(sample_text(50'000));
  if (status.ok()) {
    auto finished = gzip.finish();
    REQUIRE_FALSE(finished.ok());
    CHECK(finished.error().kind == util::ErrorKind::no_space);
  } else {
    CHECK(status.error().kind == util::ErrorKind::no_space);
  }
}

TEST_CASE("the tar writer stores relative names, owner 0:0 and modes 0644/0755, and reads back identical") {
  for (auto compression : {archive::Compression::gzip, archive::Compression::zstd}) {
    const fs::path dir = fresh(compression == archive::Compression::gzip ? "gz" : "zst");
    write_file(dir / "src" / "a.csv", sample_text(300'000));
    write_file(dir / "src" / "caf\xc3\xa9 \x01.txt", "odd name\n");
    ::chmod((dir / "src" / "a.csv").c_str(), 0600);
    std::string bytes;
    auto writer = archive::TarWriter::open(
        [&](std::string_view b) {
          bytes.append(b);
          return util::Status(util::Ok{});
        },
        {compression, 3, 2});
    REQUIRE(writer.ok());
    REQUIRE((*writer)->add_folder("raw/20261120", 1'700'000'000).ok());
    auto a = (*writer)->add_file("raw/20261120/a.csv", dir / "src" / "a.csv");
    REQUIRE(a.ok());
    auto odd = (*writer)->add_file("raw/20261120/caf\xc3\xa9 \x01.txt", dir / "src" / "caf\xc3\xa9 \x01.txt");
    REQUIRE(odd.ok());
    auto total = (*writer)->finish();
    REQUIRE(total.ok());
    CHECK(*total == bytes.size());
    CHECK(a->sha256 == util::sha256_hex(sample_text(300'000)));
    CHECK(a->bytes == 300'000);
    std::ofstream(dir / "out.tar", std::ios::binary) << bytes;

    auto digest = archive::digest_members(dir / "out.tar", {"raw/20261120/caf\xc3\xa9 \x01.txt"});
    REQUIRE(digest.ok());
    REQUIRE(digest->members.size() == 3);
    CHECK(digest->members[0].name == "raw/20261120");
    CHECK(digest->members[0].folder);
    CHECK(digest->members[1].name == "raw/20261120/a.csv");
    CHECK(digest->members[1].sha256 == a->sha256);
    CHECK(digest->members[2].name == "raw/20261120/caf\xc3\xa9 \x01.txt");
    CHECK(digest->captured.at("raw/20261120/caf\xc3\xa9 \x01.txt") == "odd name\n");
    // The CRC-32 of each member, as the writer took it and as the read back takes it (gzip's CRC).
    const std::string odd_text = "odd name\n";
    CHECK(odd->crc32 == libdeflate_crc32(0, odd_text.data(), odd_text.size()));
    CHECK(a->crc32 != 0);
    CHECK(digest->members[1].crc32 == a->crc32);
    CHECK(digest->members[2].crc32 == odd->crc32);
    auto crc_only = archive::digest_members(dir / "out.tar", {}, false);
    REQUIRE(crc_only.ok());
    CHECK(crc_only->members[1].sha256.empty());
    CHECK(crc_only->members[1].crc32 == a->crc32);

    struct archive* reader = archive_read_new();
    archive_read_support_filter_all(reader);
    archive_read_support_format_tar(reader);
    REQUIRE(archive_read_open_memory(reader, bytes.data(), bytes.size()) == ARCHIVE_OK);
    struct archive_entry* entry = nullptr;
    int index = 0;
    for (int r = archive_read_next_header(reader, &entry);
         r == ARCHIVE_OK || r == ARCHIVE_WARN; // WARN: the odd name in the C locale
         r = archive_read_next_header(reader, &entry)) {
      CHECK(archive_entry_uid(entry) == 0);
      CHECK(archive_entry_gid(entry) == 0);
      CHECK(archive_entry_perm(entry) == (index == 0 ? 0755 : 0644));
      CHECK(std::string(archive_entry_pathname(entry)).rfind("raw/", 0) == 0);
      ++index;
    }
    CHECK(index == 3);
    CHECK(archive_filter_code(reader, 0) ==
          (compression == archive::Compression::gzip ? ARCHIVE_FILTER_GZIP : ARCHIVE_FILTER_ZSTD));
    archive_read_free(reader);
    fs::remove_all(dir);
  }
}

TEST_CASE("reading back a damaged archive is an integrity error") {
  const fs::path dir = fresh("damaged");
  write_file(dir / "a.csv", sample_text(200'000));
  std::string bytes;
  auto writer = archive::TarWriter::open(
      [&](std::string_view b) {
        bytes.append(b);
        return util::Status(util::Ok{});
      },
      {archive::Compression::gzip, 6, 1});
  REQUIRE(writer.ok());
  REQUIRE((*writer)->add_file("a.csv", dir / "a.csv").ok());
  REQUIRE((*writer)->finish().ok());
  bytes.resize(bytes.size() / 2); // truncated
  std::ofstream(dir / "cut.tar.gz", std::ios::binary) << bytes;
  auto digest = archive::digest_members(dir / "cut.tar.gz");
  REQUIRE_FALSE(digest.ok());
  CHECK(digest.error().kind == util::ErrorKind::integrity);
  fs::remove_all(dir);
}
