#include "download/partial_file.hpp"
#include "unit/download/download_fixture.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using namespace fk;
using download::PartialFile;
using download::PartialIdentity;
using download::test::TempDir;

namespace {

PartialIdentity identity(std::optional<std::uint64_t> size = std::nullopt, std::string md5 = {}) {
  return PartialIdentity{"alice/titanic", 3, "archive.zip", size, std::move(md5), ""};
}

std::string read_all(const PartialFile& file) {
  std::string out(file.size(), '\0');
  auto n = file.read_at(0, out.data(), out.size());
  REQUIRE(n.ok());
  out.resize(*n);
  return out;
}

} // namespace

TEST_CASE("PartialIdentity::same_object compares ref, version and object, and size and md5 when both know them") {
  const PartialIdentity base = identity(100, "aa");
  CHECK(base.same_object(identity(100, "aa")));
  CHECK(base.same_object(identity(std::nullopt, "aa")));
  CHECK(base.same_object(identity(100, "")));
  CHECK(identity().same_object(base));
  CHECK_FALSE(base.same_object(identity(101, "aa")));
  CHECK_FALSE(base.same_object(identity(100, "bb")));
  PartialIdentity other = base;
  other.ref = "alice/other";
  CHECK_FALSE(base.same_object(other));
  other = base;
  other.version = 4;
  CHECK_FALSE(base.same_object(other));
  other = base;
  other.object = "train.csv.zip";
  CHECK_FALSE(base.same_object(other));
}

TEST_CASE("partial_path puts every object in one flat folder, without slashes") {
  const fs::path dir("/data/.staging/partial");
  const fs::path path = download::partial_path(dir, {"alice/titanic", 3, "train.csv.zip", std::nullopt, "", "sub/train.csv"});
  CHECK(path.parent_path() == dir);
  const std::string name = path.filename().string();
  CHECK(name.rfind("alice_titanic@v3@sub_train.csv.", 0) == 0); // the prefix the downloader's cleanup matches
  CHECK(name.size() == std::string("alice_titanic@v3@sub_train.csv.").size() + 16 + 5);
  CHECK(name.ends_with(".part"));
  CHECK(name.find('/') == std::string::npos);
  // The same key always gives the same file (a later run finds it).
  CHECK(download::partial_path(dir, {"alice/titanic", 3, "other.zip", 9, "x", "sub/train.csv"}) == path);
  const fs::path other = download::partial_path(dir, {"alice/titanic", 4, "train.csv.zip", std::nullopt, "", "sub/train.csv"});
  CHECK(other != path);
  const std::string long_file(400, 'x');
  CHECK(download::partial_path(dir, {"a/b", 1, "o", std::nullopt, "", long_file}).filename().string().size() <= 230);
}

TEST_CASE("partial_path keys by the full requested path: same base name, other folder, other partial") {
  // Issue 17 item 1: data.csv and sub/data.csv are both served as objects named data.csv.
  const fs::path dir("/p");
  const fs::path top = download::partial_path(dir, {"o/s", 1, "data.csv", std::nullopt, "", "data.csv"});
  const fs::path nested = download::partial_path(dir, {"o/s", 1, "data.csv", std::nullopt, "", "sub/data.csv"});
  const fs::path flat = download::partial_path(dir, {"o/s", 1, "sub_data.csv", std::nullopt, "", "sub_data.csv"});
  const fs::path whole = download::partial_path(dir, {"o/s", 1, "archive.zip", std::nullopt, "", ""});
  const fs::path named_archive = download::partial_path(dir, {"o/s", 1, "archive", std::nullopt, "", "archive"});
  CHECK(top != nested);
  CHECK(nested != flat); // the readable part is the same, the hash is not
  CHECK(whole != named_archive);
  CHECK(whole.filename().string().rfind("o_s@v1@archive.", 0) == 0);
}

TEST_CASE("PartialIdentity::same_object tells two files of one version apart") {
  PartialIdentity top{"o/s", 1, "data.csv", 10, "aa", "data.csv"};
  PartialIdentity nested = top;
  nested.file = "sub/data.csv";
  CHECK_FALSE(top.same_object(nested));
}

TEST_CASE("PartialFile: bytes appended survive a reopen with the same identity") {
  TempDir dir("partial_reopen");
  const fs::path partial_dir = dir.path() / "partial";
  {
    auto file = PartialFile::open(partial_dir, identity());
    REQUIRE(file.ok());
    CHECK(file->size() == 0);
    PartialIdentity learnt = identity(10, "abc");
    learnt.crc32c = 0xE3069283U;
    REQUIRE(file->set_identity(learnt).ok());
    REQUIRE(file->append("hello").ok());
    REQUIRE(file->append(" you").ok());
    CHECK(file->size() == 9);
    CHECK(read_all(*file) == "hello you");
    file->sync();
  }
  CHECK(fs::exists(download::partial_path(partial_dir, identity()).string() + ".json"));
  auto again = PartialFile::open(partial_dir, identity());
  REQUIRE(again.ok());
  CHECK(again->size() == 9);
  CHECK(read_all(*again) == "hello you");
  // The identity learnt from the server is what the reopened file remembers.
  CHECK(again->identity().expected_bytes == std::optional<std::uint64_t>(10));
  CHECK(again->identity().md5_hex == "abc");
  CHECK(again->identity().crc32c == std::optional<std::uint32_t>(0xE3069283U));
  char buffer[4];
  auto n = again->read_at(6, buffer, sizeof buffer);
  REQUIRE(n.ok());
  CHECK(std::string(buffer, *n) == "you");
}

TEST_CASE("PartialFile: stale bytes of another object are dropped on open") {
  TempDir dir("partial_stale");
  const fs::path partial_dir = dir.path() / "partial";
  {
    auto file = PartialFile::open(partial_dir, identity());
    REQUIRE(file.ok());
    REQUIRE(file->set_identity(identity(10, "abc")).ok());
    REQUIRE(file->append("old bytes").ok());
  }
  SECTION("another crc32c") {
    PartialIdentity other = identity(10, "");
    other.crc32c = 1;
    PartialIdentity recorded = identity(10, "abc");
    recorded.crc32c = 2;
    CHECK_FALSE(recorded.same_object(other));
  }
  SECTION("another size") {
    auto file = PartialFile::open(partial_dir, identity(11, ""));
    REQUIRE(file.ok());
    CHECK(file->size() == 0);
    CHECK(file->identity().expected_bytes == std::optional<std::uint64_t>(11));
  }
  SECTION("another md5") {
    auto file = PartialFile::open(partial_dir, identity(std::nullopt, "def"));
    REQUIRE(file.ok());
    CHECK(file->size() == 0);
  }
  SECTION("a missing identity file") {
    fs::remove(download::partial_path(partial_dir, identity()).string() + ".json");
    auto file = PartialFile::open(partial_dir, identity());
    REQUIRE(file.ok());
    CHECK(file->size() == 0);
  }
  SECTION("a damaged identity file") {
    REQUIRE(util::write_file_atomic(download::partial_path(partial_dir, identity()).string() + ".json", "{").ok());
    auto file = PartialFile::open(partial_dir, identity());
    REQUIRE(file.ok());
    CHECK(file->size() == 0);
  }
}

TEST_CASE("PartialFile: truncate drops every byte, and discard_partial removes both files") {
  TempDir dir("partial_truncate");
  const fs::path partial_dir = dir.path() / "partial";
  auto file = PartialFile::open(partial_dir, identity());
  REQUIRE(file.ok());
  REQUIRE(file->append("0123456789").ok());
  REQUIRE(file->truncate().ok());
  CHECK(file->size() == 0);
  REQUIRE(file->append("ab").ok());
  CHECK(read_all(*file) == "ab");
  CHECK(fs::file_size(download::partial_path(partial_dir, identity())) == 2);
  download::discard_partial(partial_dir, identity());
  CHECK_FALSE(fs::exists(download::partial_path(partial_dir, identity())));
  CHECK_FALSE(fs::exists(download::partial_path(partial_dir, identity()).string() + ".json"));
}

TEST_CASE("PartialFile::open names the folder when it cannot be created") {
  TempDir dir("partial_blocked");
  const fs::path blocker = dir.path() / "file";
  REQUIRE(util::write_file_atomic(blocker, "x").ok());
  auto file = PartialFile::open(blocker / "partial", identity());
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().message().find((blocker / "partial").string()) != std::string::npos);
}
