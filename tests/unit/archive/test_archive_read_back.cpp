// Reading an archive file back while another thread still writes it: FileTail and ReadBack.
#include "archive/file_tail.hpp"
#include "archive/read_back.hpp"
#include "archive/tar_writer.hpp"
#include "unit/archive/archive_fixture.hpp"
#include "util/hash.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace fk;
using fk::archive::testing::fresh_dir;
using fk::archive::testing::sample_text;

namespace {

// Append `bytes` to the open descriptor `fd`.
void append(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    REQUIRE(n > 0);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

} // namespace

TEST_CASE("a file tail hands out exactly the bytes the writer reported, waiting for more") {
  const fs::path dir = fresh_dir("read_back_tail");
  const fs::path path = dir / "growing";
  archive::UniqueFd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  REQUIRE(out.get() >= 0);
  archive::FileTail tail(archive::UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)));
  const std::string text = sample_text(200'000);

  std::string seen;
  long last = 1;
  std::string error;
  std::thread reader([&] {
    char buffer[4096];
    while ((last = tail.read(buffer, sizeof buffer, error)) > 0) seen.append(buffer, static_cast<std::size_t>(last));
  });
  // Write in uneven pieces and report each only after it is written; the last piece is written
  // but never reported, so the reader must not see it.
  for (std::size_t at = 0; at < text.size(); at += 7'919) {
    const std::string_view piece = std::string_view(text).substr(at, 7'919);
    append(out.get(), piece);
    tail.grew(piece.size());
    if (at % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  append(out.get(), "unreported");
  tail.close(true);
  reader.join();
  CHECK(last == 0);
  CHECK(seen == text);
  fs::remove_all(dir);
}

TEST_CASE("a file tail whose writer gives up fails the waiting reader instead of hanging it") {
  const fs::path dir = fresh_dir("read_back_abandon");
  const fs::path path = dir / "growing";
  archive::UniqueFd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  archive::FileTail tail(archive::UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)));
  append(out.get(), "abc");
  tail.grew(3);
  long first = 0;
  long second = 0;
  std::string error;
  std::thread reader([&] {
    char buffer[16];
    first = tail.read(buffer, sizeof buffer, error);
    second = tail.read(buffer, sizeof buffer, error); // waits: nothing more was reported
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  tail.close(false);
  reader.join();
  CHECK(first == 3);
  CHECK(second == -1);
  CHECK(error.find("not written to its end") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("reading an archive back while it is written finds its members and the file's SHA-256") {
  for (auto compression : {archive::Compression::gzip, archive::Compression::zstd}) {
    const fs::path dir = fresh_dir(compression == archive::Compression::gzip ? "read_back_gz" : "read_back_zst");
    const std::string text = sample_text(3'000'000);
    std::ofstream(dir / "a.csv", std::ios::binary) << text;
    std::ofstream(dir / "m.json", std::ios::binary) << "{\"files\":[]}\n";
    const fs::path target = dir / "out.tar";
    archive::UniqueFd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    auto read_back = archive::ReadBack::start(target, {"m.json"});
    REQUIRE(read_back.ok());
    util::Hasher written(util::Hasher::Algorithm::sha256);
    auto writer = archive::TarWriter::open(
        [&](std::string_view bytes) {
          written.update(bytes);
          append(out.get(), bytes);
          (*read_back)->grew(bytes.size());
          return util::Status(util::Ok{});
        },
        {compression, 3, 2});
    REQUIRE(writer.ok());
    REQUIRE((*writer)->add_folder("day", 1'700'000'000).ok());
    auto a = (*writer)->add_file("day/a.csv", dir / "a.csv");
    REQUIRE(a.ok());
    REQUIRE((*writer)->add_file("m.json", dir / "m.json").ok());
    REQUIRE((*writer)->finish().ok());

    auto found = (*read_back)->finish();
    REQUIRE(found.ok());
    CHECK(found->sha256 == written.finish_hex());
    auto on_disk = util::sha256_file(target);
    REQUIRE(on_disk.ok());
    CHECK(found->sha256 == *on_disk);
    REQUIRE(found->digest.members.size() == 3);
    CHECK(found->digest.members[0].folder);
    CHECK(found->digest.members[1].name == "day/a.csv");
    CHECK(found->digest.members[1].bytes == text.size());
    CHECK(found->digest.members[1].crc32 == a->crc32);
    CHECK(found->digest.captured.at("m.json") == "{\"files\":[]}\n");
    fs::remove_all(dir);
  }
}

TEST_CASE("reading back a file whose bytes were damaged on the way is an integrity error naming it") {
  const fs::path dir = fresh_dir("read_back_differs");
  std::ofstream(dir / "a.csv", std::ios::binary) << sample_text(100'000);
  const fs::path target = dir / "out.tar.gz";
  archive::UniqueFd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  auto read_back = archive::ReadBack::start(target, {});
  REQUIRE(read_back.ok());
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
  // A byte flipped between the writer and the file, in the middle of the compressed data.
  std::string damaged = bytes;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x40);
  append(out.get(), damaged);
  (*read_back)->grew(damaged.size());
  auto found = (*read_back)->finish();
  REQUIRE_FALSE(found.ok()); // the gzip member's CRC-32 or its deflate stream no longer holds
  CHECK(found.error().kind == util::ErrorKind::integrity);
  CHECK(found.error().what.find(target.string()) != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("dropping a read-back before the file is complete ends its thread") {
  const fs::path dir = fresh_dir("read_back_dropped");
  const fs::path target = dir / "out.tar.zst";
  archive::UniqueFd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  {
    auto read_back = archive::ReadBack::start(target, {});
    REQUIRE(read_back.ok());
    append(out.get(), "\x28\xb5\x2f\xfd"); // a zstd frame's magic, and then the writer fails
    (*read_back)->grew(4);
  } // the destructor joins; a reader left waiting would hang the test (ctest's timeout)
  CHECK(fs::exists(target));
  fs::remove_all(dir);
}

TEST_CASE("a file tail reports a file shorter than the bytes the writer reported") {
  const fs::path dir = fresh_dir("read_back_short");
  const fs::path path = dir / "growing";
  archive::UniqueFd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  archive::FileTail tail(archive::UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)));
  append(out.get(), "0123456789");
  tail.grew(10);
  REQUIRE(::ftruncate(out.get(), 4) == 0); // something cut the file behind the writer's back
  tail.close(true);
  char buffer[16];
  std::string error;
  CHECK(tail.read(buffer, sizeof buffer, error) == 4);
  CHECK(tail.read(buffer, sizeof buffer, error) == -1);
  CHECK(error == "the archive file is shorter than the bytes written to it");
  fs::remove_all(dir);
}
