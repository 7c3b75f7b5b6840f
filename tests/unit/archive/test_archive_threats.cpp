// Hostile archives that test_archive_safety.cpp does not build: links planted in the destination,
// sparse-hole bombs, names that are not UTF-8 or differ only in Unicode form, Windows-style names,
// control characters, block devices, one path spelt several ways, set-user-ID and writable modes
// (docs/security.md).

#include "archive/extract.hpp"
#include "unit/archive/archive_fixture.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using namespace fk::archive;
using namespace fk::archive::testing;

namespace {

// Describe one entry of a hand-built archive; the name is passed to libarchive as raw bytes.
struct RawEntry {
  using Runs = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
  // Describe an entry; `sparse_` and `size_` only for a sparse file.
  RawEntry(std::string name_, unsigned int type_ = AE_IFREG, std::string data_ = {}, Runs sparse_ = {},
           std::uint64_t size_ = 0)
      : name(std::move(name_)), type(type_), data(std::move(data_)), sparse(std::move(sparse_)), size(size_) {}
  std::string name;
  unsigned int type = AE_IFREG;
  std::string data;       // a file's bytes
  Runs sparse;            // data runs (offset, length) of a sparse file
  std::uint64_t size = 0; // a sparse file's logical size
  mode_t perm = 0644;     // permission bits as stored in the archive
};

// Build an archive in `format` ("ustar", "pax" or "zip") whose entry names are the bytes given,
// without any charset conversion (the C locale), so that names need not be valid UTF-8.
std::string build_raw(const std::string& format, const std::vector<RawEntry>& entries) {
  const locale_t c_locale = newlocale(LC_CTYPE_MASK, "C", static_cast<locale_t>(nullptr));
  const locale_t previous = uselocale(c_locale);
  const std::unique_ptr<void, std::function<void(void*)>> restore(c_locale, [previous](void* locale) {
    uselocale(previous);
    freelocale(static_cast<locale_t>(locale));
  });
  std::string out;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> owner(archive_write_new(), archive_write_free);
  struct archive* writer = owner.get();
  if (format == "zip")
    check(writer, archive_write_set_format_zip(writer), "zip");
  else if (format == "pax")
    check(writer, archive_write_set_format_pax(writer), "pax");
  else
    check(writer, archive_write_set_format_ustar(writer), "ustar");
  check(writer, archive_write_set_bytes_in_last_block(writer, 1), "last block");
  check(writer, archive_write_open(writer, &out, nullptr, append_to_string, nullptr), "open");
  for (const RawEntry& item : entries) {
    std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
    archive_entry_copy_pathname(entry.get(), item.name.c_str());
    archive_entry_set_mtime(entry.get(), 1700000000, 0);
    archive_entry_set_filetype(entry.get(), item.type);
    archive_entry_set_perm(entry.get(), item.perm);
    if (item.type == AE_IFBLK) archive_entry_set_rdev(entry.get(), makedev(8, 0));
    const bool sparse = !item.sparse.empty();
    const std::uint64_t size = sparse ? item.size : item.data.size();
    if (item.type == AE_IFREG) archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    for (const auto& [offset, length] : item.sparse) {
      archive_entry_sparse_add_entry(entry.get(), static_cast<la_int64_t>(offset), static_cast<la_int64_t>(length));
    }
    check(writer, archive_write_header(writer, entry.get()), "header");
    if (item.type != AE_IFREG) continue;
    if (!sparse) {
      if (!item.data.empty()) archive_write_data(writer, item.data.data(), item.data.size());
      continue;
    }
    // The pax writer takes a sparse file's whole logical content and skips the holes itself.
    const std::string block(std::size_t{1} << 20U, 'x');
    for (std::uint64_t left = size; left > 0;) {
      const auto step = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
      archive_write_data(writer, block.data(), step);
      left -= step;
    }
  }
  check(writer, archive_write_close(writer), "close");
  return out;
}

util::Result<ExtractSummary> extract_raw(const std::string& archive, const fs::path& dest,
                                         const ExtractOptions& options = {}) {
  return extract_stream(source_of(archive, 8192), dest, options);
}

} // namespace

TEST_CASE("a symbolic link already in the destination is never followed") {
  for (const std::string format : {"ustar", "zip"}) {
    INFO(format);
    const fs::path base = fresh_dir("planted_link");
    const fs::path outside = base / "outside";
    const fs::path dest = base / "dest";
    fs::create_directories(outside);
    fs::create_directories(dest);
    REQUIRE(util::write_file_atomic(outside / "victim.txt", "precious\n", 0644).ok());
    fs::create_directory_symlink(outside, dest / "via-folder");
    fs::create_symlink(outside / "victim.txt", dest / "via-file");

    // A file below a linked folder: the link is not a folder to us.
    auto below = extract_raw(build_raw(format, {{"via-folder/evil.txt", AE_IFREG, "escaped\n"}}), dest);
    REQUIRE_FALSE(below.ok());
    CHECK(below.error().kind == util::ErrorKind::validation);
    CHECK(below.error().why.find("not a folder") != std::string::npos);
    // A file over a link to a file: the link is not replaced, the file it points to is not written.
    auto over = extract_raw(build_raw(format, {{"via-file", AE_IFREG, "overwritten\n"}}), dest);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().kind == util::ErrorKind::validation);
    CHECK(over.error().why.find("not a regular file") != std::string::npos);

    CHECK(util::list_names(outside) == std::vector<std::string>{"victim.txt"});
    CHECK(util::read_file(outside / "victim.txt").value() == "precious\n");
    CHECK(fs::is_symlink(dest / "via-file"));
    fs::remove_all(base);
  }
}

TEST_CASE("the holes of a sparse tar entry count toward the size limit and the opt-in ratio") {
  // 64 MiB of logical size, 8 KiB of stored data: a few KiB of tar that would unpack to 64 MiB.
  const std::uint64_t logical = std::uint64_t{64} << 20U;
  const std::string tar = build_raw("pax", {{"holes.bin", AE_IFREG, "", {{0, 4096}, {logical - 4096, 4096}}, logical}});
  REQUIRE(tar.size() < (std::size_t{64} << 10U)); // really sparse: the holes are not stored

  const fs::path base = fresh_dir("sparse");
  ExtractOptions capped;
  capped.max_total_bytes = std::uint64_t{1} << 20U;
  capped.max_ratio = 1e12; // only the size cap may stop it here
  auto by_size = extract_raw(tar, base / "size", capped);
  REQUIRE_FALSE(by_size.ok());
  CHECK(by_size.error().kind == util::ErrorKind::validation);
  CHECK(by_size.error().why.find("the limit on uncompressed bytes") != std::string::npos);
  CHECK(util::tree_size(base / "size") <= capped.max_total_bytes);

  ExtractOptions ratio; // the opt-in per-entry ratio
  ratio.max_ratio = 200;
  auto by_ratio = extract_raw(tar, base / "ratio", ratio);
  REQUIRE_FALSE(by_ratio.ok());
  CHECK(by_ratio.error().why.find("times as many") != std::string::npos);
  CHECK(by_ratio.error().fix.find("zip bomb") != std::string::npos);
  CHECK(util::tree_size(base / "ratio") < (std::uint64_t{16} << 20U));

  // With the caps out of the way the same entry extracts to its full logical size: the holes were
  // really filled through the capped path, not skipped.
  ExtractOptions open;
  open.max_ratio = 1e12;
  open.sync = false;
  auto whole = extract_raw(tar, base / "whole", open);
  INFO(describe(whole));
  REQUIRE(whole.ok());
  REQUIRE(whole->files.size() == 1);
  CHECK(whole->files[0].bytes == logical);
  CHECK(fs::file_size(base / "whole" / "holes.bin") == logical);
  fs::remove_all(base);
}

TEST_CASE("entry names are bytes: not valid UTF-8 is kept as stored, Unicode forms are not merged") {
  const std::string latin1 = "caf\xe9.csv";   // ISO-8859-1, not valid UTF-8
  const std::string nfc = "caf\xc3\xa9.csv";  // U+00E9
  const std::string nfd = "cafe\xcc\x81.csv"; // 'e' + U+0301 COMBINING ACUTE ACCENT
  for (const std::string format : {"ustar", "pax", "zip"}) {
    INFO(format);
    const fs::path dest = fresh_dir("names_" + format) / "dest";
    auto summary = extract_raw(
        build_raw(format,
                  {{latin1, AE_IFREG, "latin1\n"}, {nfc, AE_IFREG, "composed\n"}, {nfd, AE_IFREG, "decomposed\n"}}),
        dest);
    INFO(describe(summary));
    REQUIRE(summary.ok());
    REQUIRE(summary->files.size() == 3);
    CHECK(summary->files[0].path == latin1);
    CHECK(summary->files[1].path == nfc);
    CHECK(summary->files[2].path == nfd);
    CHECK(summary->warnings.empty()); // no duplicate: two spellings of "café" are two files
    CHECK(util::read_file(dest / latin1).value() == "latin1\n");
    CHECK(util::read_file(dest / nfc).value() == "composed\n");
    CHECK(util::read_file(dest / nfd).value() == "decomposed\n");
    CHECK(util::list_names(dest).size() == 3);
    fs::remove_all(dest.parent_path());
  }
}

TEST_CASE("Windows-style names stay inside the destination") {
  const std::vector<RawEntry> entries = {
      {"..\\..\\evil.txt", AE_IFREG, "a\n"}, {"C:\\evil.txt", AE_IFREG, "b\n"}, {"C:/evil2.txt", AE_IFREG, "c\n"}};
  SECTION("tar: a backslash is an ordinary byte, 'C:' an ordinary folder name") {
    const fs::path base = fresh_dir("windows_tar");
    auto summary = extract_raw(build_raw("ustar", entries), base / "dest");
    INFO(describe(summary));
    REQUIRE(summary.ok());
    CHECK(tree(base / "dest") == std::vector<std::string>{"..\\..\\evil.txt", "C:", "C:/evil2.txt", "C:\\evil.txt"});
    CHECK(util::list_names(base) == std::vector<std::string>{"dest"});
    fs::remove_all(base);
  }
  SECTION("zip: libarchive reads a backslash as '/', so the '..' rule refuses the entry") {
    const fs::path base = fresh_dir("windows_zip");
    auto refused = extract_raw(build_raw("zip", entries), base / "dest");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == util::ErrorKind::validation);
    CHECK(refused.error().why.find("'..'") != std::string::npos);
    CHECK(util::list_names(base) == std::vector<std::string>{"dest"});
    CHECK(tree(base / "dest").empty());
    auto drive = extract_raw(build_raw("zip", {entries[1], entries[2]}), base / "drive");
    INFO(describe(drive));
    REQUIRE(drive.ok());
    CHECK(tree(base / "drive") == std::vector<std::string>{"C:", "C:/evil.txt", "C:/evil2.txt"});
    CHECK(util::list_names(base) == std::vector<std::string>{"dest", "drive"});
    fs::remove_all(base);
  }
}

TEST_CASE("a refused name with control characters is printed without them") {
  const fs::path base = fresh_dir("control");
  auto result =
      extract_raw(build_raw("ustar", {{"../evil\nlevel=info msg=forged\x1b[2J", AE_IFREG, "x"}}), base / "dest");
  REQUIRE_FALSE(result.ok());
  const std::string message = result.error().message();
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find('\x1b') == std::string::npos);
  CHECK(message.find("../evil?level=info msg=forged?[2J") != std::string::npos);
  fs::remove_all(base);
}

TEST_CASE("a block device is refused") {
  // Tar has no socket type, so a block device is the one special file test_archive_safety.cpp lacks.
  const fs::path base = fresh_dir("special");
  auto result = extract_raw(build_raw("pax", {{"ok.txt", AE_IFREG, "fine"}, {"disk", AE_IFBLK}}), base / "dest");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == util::ErrorKind::validation);
  CHECK(result.error().what.find("'disk'") != std::string::npos);
  CHECK(result.error().why.find("block device") != std::string::npos);
  CHECK(tree(base / "dest") == std::vector<std::string>{"ok.txt"});
  fs::remove_all(base);
}

TEST_CASE("one path spelt several ways is one file: the last copy wins, with a warning") {
  const fs::path dest = fresh_dir("spellings") / "dest";
  auto summary = extract_raw(build_raw("pax", {{"data/a.csv", AE_IFREG, "first\n"},
                                               {"./data//a.csv", AE_IFREG, "second\n"},
                                               {"data/./a.csv", AE_IFREG, "third\n"}}),
                             dest);
  INFO(describe(summary));
  REQUIRE(summary.ok());
  REQUIRE(summary->files.size() == 1);
  CHECK(summary->files[0].path == "data/a.csv");
  CHECK(summary->files[0].sha256 == util::sha256_hex("third\n"));
  CHECK(summary->warnings.size() == 2);
  CHECK(util::read_file(dest / "data" / "a.csv").value() == "third\n");
  CHECK(tree(dest) == std::vector<std::string>{"data", "data/a.csv"});
  fs::remove_all(dest.parent_path());
}

TEST_CASE("modes are never taken from the archive: no set-user-ID, executable or world-writable files") {
  const fs::path dest = fresh_dir("modes") / "dest";
  RawEntry folder("shared/", AE_IFDIR);
  folder.perm = 07777;
  RawEntry tool("shared/tool", AE_IFREG, "#!/bin/sh\n");
  tool.perm = 06777;
  auto summary = extract_raw(build_raw("pax", {folder, tool}), dest);
  INFO(describe(summary));
  REQUIRE(summary.ok());
  struct stat info {};
  REQUIRE(::stat((dest / "shared" / "tool").c_str(), &info) == 0);
  CHECK((info.st_mode & 07777 & ~0644U) == 0U); // at most rw-r--r--
  REQUIRE(::stat((dest / "shared").c_str(), &info) == 0);
  CHECK((info.st_mode & 07777 & ~0755U) == 0U); // at most rwxr-xr-x
  fs::remove_all(dest.parent_path());
}
