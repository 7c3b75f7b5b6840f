// The ISA-L zip reader (src/archive/zip_stream.cpp) on hand-made zips: what libarchive's writer
// never produces (Zip64 fields, 8-byte data descriptors, Info-ZIP Unicode names) and the damage it
// must catch (CRC-32, sizes, truncation, unsupported methods and encryption); and the WriteBehind
// thread that writes what it inflates.
#include "archive/write_behind.hpp"
#include "unit/archive/archive_fixture.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <fcntl.h>
#include <libdeflate.h>
#include <string>
#include <unistd.h>

using namespace fk::archive;
using namespace fk::archive::testing;

namespace {

void put16(std::string& out, std::uint32_t value) {
  out += static_cast<char>(value & 0xFFU);
  out += static_cast<char>((value >> 8U) & 0xFFU);
}
void put32(std::string& out, std::uint32_t value) {
  put16(out, value & 0xFFFFU);
  put16(out, value >> 16U);
}
void put64(std::string& out, std::uint64_t value) {
  put32(out, static_cast<std::uint32_t>(value));
  put32(out, static_cast<std::uint32_t>(value >> 32U));
}

std::uint32_t crc_of(std::string_view bytes) {
  return libdeflate_crc32(0, bytes.data(), bytes.size());
}

std::string deflate(std::string_view bytes) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(6);
  std::string out(libdeflate_deflate_compress_bound(compressor, bytes.size()), '\0');
  out.resize(libdeflate_deflate_compress(compressor, bytes.data(), bytes.size(), out.data(), out.size()));
  libdeflate_free_compressor(compressor);
  return out;
}

// Describe one hand-made entry.
struct Entry {
  Entry(std::string name_, std::string data_, std::uint16_t method_ = 8, bool descriptor_ = true, bool zip64_ = false)
      : name(std::move(name_)), data(std::move(data_)), method(method_), descriptor(descriptor_), zip64(zip64_) {}
  std::string name;
  std::string data;
  std::uint16_t method = 8;   // 0 stored, 8 deflate, anything else to test refusals
  bool descriptor = true;     // sizes and CRC after the data (flag bit 3)
  bool zip64 = false;         // 0xFFFFFFFF in the header, real sizes in a Zip64 extra field (8-byte descriptor)
  std::uint16_t flags = 0;    // more flags (bit 0: encrypted)
  std::string extra;          // more extra fields
  std::int64_t crc_delta = 0; // added to the stored CRC-32 (damage)
  std::optional<std::uint64_t> declared; // the uncompressed size the header states instead of the real one (a lie)
};

std::string local_entry(const Entry& entry) {
  const std::string body = entry.method == 8 ? deflate(entry.data) : entry.data;
  const std::uint32_t crc = static_cast<std::uint32_t>(crc_of(entry.data) + entry.crc_delta);
  std::string extra = entry.extra;
  if (entry.zip64) {
    put16(extra, 0x0001);
    put16(extra, 16);
    put64(extra, entry.descriptor ? 0 : entry.declared.value_or(entry.data.size()));
    put64(extra, entry.descriptor ? 0 : body.size());
  }
  std::string out;
  put32(out, 0x04034b50);
  put16(out, entry.zip64 ? 45 : 20);
  put16(out, static_cast<std::uint16_t>(entry.flags | (entry.descriptor ? 0x0008 : 0)));
  put16(out, entry.method);
  put32(out, 0); // time and date
  const bool known = !entry.descriptor;
  put32(out, known ? crc : 0);
  put32(out, entry.zip64 ? 0xFFFFFFFFU : (known ? static_cast<std::uint32_t>(body.size()) : 0));
  put32(out, entry.zip64 ? 0xFFFFFFFFU
                         : (known ? static_cast<std::uint32_t>(entry.declared.value_or(entry.data.size())) : 0));
  put16(out, static_cast<std::uint32_t>(entry.name.size()));
  put16(out, static_cast<std::uint32_t>(extra.size()));
  out += entry.name + extra + body;
  if (entry.descriptor) {
    put32(out, 0x08074b50);
    put32(out, crc);
    if (entry.zip64) {
      put64(out, body.size());
      put64(out, entry.data.size());
    } else {
      put32(out, static_cast<std::uint32_t>(body.size()));
      put32(out, static_cast<std::uint32_t>(entry.data.size()));
    }
  }
  return out;
}

// Return a zip of `entries` ending with an (empty) end-of-central-directory record: the reader stops there.
std::string zip_of(const std::vector<Entry>& entries) {
  std::string out;
  for (const Entry& entry : entries)
    out += local_entry(entry);
  put32(out, 0x06054b50);
  out += std::string(18, '\0');
  return out;
}

std::string csv_rows(std::size_t rows) {
  std::string out = "id,name,price\n";
  for (std::size_t i = 0; i < rows; ++i)
    out += std::to_string(i) + ",\"item " + std::to_string(i * 7) + "\",12.50\n";
  return out;
}

} // namespace

TEST_CASE("zip stream: stored, deflated, Zip64 and 8-byte descriptors extract byte for byte at any chunk size") {
  const std::string big = csv_rows(20000);
  const std::vector<Entry> entries = {
      {"a.csv", big, 8, true},
      {"b.csv", "x,y\n1,2\n", 0, false},
      {"stored-unknown-size.csv", big.substr(0, 3000) + "PK\x07\x08 not a descriptor", 0, true},
      {"dir/", "", 0, false},
      {"dir/c.csv", big.substr(0, 5000), 8, false},
      {"dir/d.csv", big, 8, true, true},
      {"e.txt", "stored, zip64 sizes", 0, false, true},
      {"empty.csv", "", 8, true},
  };
  const std::string zip = zip_of(entries);
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, zip.size()}) {
    INFO("chunk " << chunk);
    const fs::path dest = fresh_dir("zip_stream_" + std::to_string(chunk)) / "dest";
    auto summary = extract_stream(source_of(zip, chunk), dest);
    INFO(describe(summary));
    REQUIRE(summary.ok());
    REQUIRE(summary->files.size() == 7);
    for (const Entry& entry : entries) {
      if (entry.name.back() == '/') {
        CHECK(fs::is_directory(dest / entry.name));
        continue;
      }
      const auto found = std::find_if(summary->files.begin(), summary->files.end(),
                                      [&](const EntryResult& file) { return file.path == entry.name; });
      REQUIRE(found != summary->files.end());
      CHECK(found->bytes == entry.data.size());
      CHECK(found->sha256 == fk::util::sha256_hex(entry.data));
      CHECK(fk::util::read_file(dest / entry.name).value() == entry.data);
    }
    CHECK(summary->compressed_bytes == zip.size());
    fs::remove_all(dest.parent_path());
  }
}

TEST_CASE("zip stream: a name that is not UTF-8 takes the Info-ZIP Unicode path field") {
  const std::string latin1 = "\xE9t\xE9.csv"; // "été.csv" in ISO-8859-1
  const std::string utf8 = "\xC3\xA9t\xC3\xA9.csv";
  std::string unicode;
  put16(unicode, 0x7075);
  put16(unicode, static_cast<std::uint32_t>(5 + utf8.size()));
  unicode += '\x01';
  put32(unicode, crc_of(latin1));
  unicode += utf8;
  Entry entry{latin1, "a,b\n", 8, true};
  entry.extra = unicode;
  const fs::path dest = fresh_dir("zip_unicode") / "dest";
  auto summary = extract_stream(source_of(zip_of({entry}), 3), dest);
  INFO(describe(summary));
  REQUIRE(summary.ok());
  REQUIRE(summary->files.size() == 1);
  CHECK(summary->files[0].path == utf8);
  CHECK(fk::util::read_file(dest / utf8).value() == "a,b\n");
  fs::remove_all(dest.parent_path());
}

TEST_CASE("zip stream: damage and what it does not read are refused with a validation error") {
  const std::string data = csv_rows(500);
  struct Case {
    const char* label;
    std::string zip;
    const char* why;
  };
  Entry wrong_crc{"a.csv", data, 8, true};
  wrong_crc.crc_delta = 1;
  Entry wrong_crc_stored{"a.csv", data, 0, false};
  wrong_crc_stored.crc_delta = 1;
  Entry encrypted{"a.csv", data, 8, true};
  encrypted.flags = 0x0001;
  std::string wrong_size = local_entry({"a.csv", data, 8, false});
  wrong_size[22] = static_cast<char>(wrong_size[22] + 1); // the uncompressed size in the local header
  std::string bad_deflate = local_entry({"a.csv", data, 8, true});
  bad_deflate[40] = static_cast<char>(0xFF); // inside the deflate data
  bad_deflate[41] = static_cast<char>(0xFF);
  bad_deflate[42] = static_cast<char>(0xFF);
  const std::string complete = zip_of({{"a.csv", data, 8, true}, {"b.csv", data, 8, true}});
  const std::vector<Case> cases = {
      {"CRC-32 in a descriptor", zip_of({wrong_crc}), "CRC-32"},
      {"CRC-32 of a stored entry", zip_of({wrong_crc_stored}), "CRC-32"},
      {"uncompressed size", wrong_size + zip_of({}), "sizes do not match"},
      {"deflate data", bad_deflate + zip_of({}), "damaged"},
      {"bzip2 method", zip_of({{"a.csv", data, 12, false}}), "compression method 12"},
      {"encryption", zip_of({encrypted}), "encrypted"},
      {"cut in the deflate data", complete.substr(0, complete.size() / 2), "truncated"},
      {"cut before the central directory", local_entry({"a.csv", data, 8, true}), "without a central directory"},
      {"bytes that are no header", local_entry({"a.csv", data, 8, true}) + std::string(64, 'z'), "unexpected bytes"},
  };
  for (const Case& item : cases) {
    INFO(item.label);
    const fs::path dest = fresh_dir("zip_damage") / "dest";
    ExtractOptions options;
    options.source_name = "owner/slug (archive.zip)";
    auto summary = extract_stream(source_of(item.zip, 1000), dest, options);
    INFO(describe(summary));
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().kind == fk::util::ErrorKind::validation);
    CHECK(summary.error().what.find("owner/slug (archive.zip)") != std::string::npos);
    CHECK(summary.error().why.find(item.why) != std::string::npos);
    CHECK_FALSE(summary.error().fix.empty());
    // Damage is worth a new download; a feature the reader does not have is not.
    const bool unsupported =
        std::string_view(item.label) == "bzip2 method" || std::string_view(item.label) == "encryption";
    CHECK((summary.error().fix.find("will not help") != std::string::npos) == unsupported);
    fs::remove_all(dest.parent_path());
  }
}

TEST_CASE("WriteBehind hashes and writes on its thread and latches the first failure") {
  const fs::path dir = fresh_dir("write_behind");
  {
    WriteBehind behind(std::size_t{1} << 16U);
    UniqueFd fd(::open((dir / "a").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    REQUIRE(fd.get() >= 0);
    const WriteBehind::FileId id = behind.adopt(std::move(fd), dir / "a");
    std::string expected;
    for (int i = 0; i < 100; ++i) {
      std::string block = behind.spare_buffer();
      block.assign(std::size_t{10000} + static_cast<std::size_t>(i), static_cast<char>('a' + i % 26));
      expected += block;
      REQUIRE(behind.queue(id, std::move(block)).ok());
    }
    REQUIRE(behind.close(id, true).ok());
    REQUIRE(behind.finish().ok());
    CHECK(behind.digest(id) == fk::util::sha256_hex(expected));
    CHECK(fk::util::read_file(dir / "a").value() == expected);
  }
  {
    WriteBehind behind(std::size_t{1} << 16U);
    UniqueFd full(::open("/dev/full", O_WRONLY | O_CLOEXEC));
    REQUIRE(full.get() >= 0);
    const WriteBehind::FileId id = behind.adopt(std::move(full), "/dev/full");
    bool failed = false;
    for (int i = 0; i < 1000 && !failed; ++i)
      failed = !behind.queue(id, std::string(4096, 'x')).ok();
    auto finished = behind.finish();
    REQUIRE_FALSE(finished.ok());
    CHECK(finished.error().kind == fk::util::ErrorKind::no_space);
    CHECK(finished.error().what.find("/dev/full") != std::string::npos);
    CHECK_FALSE(behind.queue(id, "more").ok()); // latched: nothing more is written
  }
  fs::remove_all(dir);
}

TEST_CASE("WriteBehind fsyncs and closes every synced file by finish(), more files than it keeps open") {
  const auto open_fds = [] { return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator()); };
  {
    WriteBehind none;
    CHECK(none.finish().ok()); // nothing adopted: nothing to sync
  }
  const fs::path dir = fresh_dir("write_behind_sync");
  const auto before = open_fds();
  WriteBehind behind;
  std::vector<WriteBehind::FileId> ids;
  for (int i = 0; i < 150; ++i) {
    const fs::path path = dir / ("f" + std::to_string(i));
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    REQUIRE(fd.get() >= 0);
    ids.push_back(behind.adopt(std::move(fd), path));
    REQUIRE(behind.queue(ids.back(), "file " + std::to_string(i) + "\n").ok());
    REQUIRE(behind.close(ids.back(), true).ok());
  }
  REQUIRE(behind.finish().ok());
  CHECK(open_fds() == before); // every file closed, the ones kept for their fsync too
  for (int i = 0; i < 150; ++i) {
    const std::string text = "file " + std::to_string(i) + "\n";
    CHECK(behind.digest(ids[static_cast<std::size_t>(i)]) == fk::util::sha256_hex(text));
    CHECK(fk::util::read_file(dir / ("f" + std::to_string(i))).value() == text);
  }
  fs::remove_all(dir);
}

TEST_CASE("WriteBehind reports a file whose fsync fails from finish()") {
  // fsync on a pipe fails (EINVAL): the same path as a disk that cannot make the bytes durable.
  int ends[2] = {-1, -1};
  REQUIRE(::pipe(ends) == 0);
  UniqueFd read_end(ends[0]);
  WriteBehind behind;
  const WriteBehind::FileId id = behind.adopt(UniqueFd(ends[1]), "pipe-target");
  REQUIRE(behind.queue(id, "bytes the pipe holds\n").ok());
  REQUIRE(behind.close(id, true).ok()); // write-back started; the fsync waits for finish()
  auto finished = behind.finish();
  REQUIRE_FALSE(finished.ok());
  CHECK(finished.error().what == "cannot fsync pipe-target");
  CHECK_FALSE(behind.finish().ok()); // latched
  char buffer[64] = {};
  CHECK(::read(read_end.get(), buffer, sizeof buffer) == 21); // the bytes were written before the fsync
}

TEST_CASE("zip stream: an entry never writes more than its header declares, nor a declaration past a limit") {
  const fs::path base = fresh_dir("declared");
  const std::string zeros(std::size_t{40} << 20U, '\0');
  for (const bool wide : {false, true}) {
    INFO("zip64 " << wide);
    // A bomb that lies about its size: stopped before its first inflated block is written.
    Entry liar("bomb.bin", zeros, 8, false, wide);
    liar.declared = 1024;
    auto lied = extract_stream(source_of(zip_of({{"ok.csv", "id\n1\n", 8, false}, liar}), 4096), base / "liar", {});
    REQUIRE_FALSE(lied.ok());
    CHECK(lied.error().kind == fk::util::ErrorKind::validation);
    CHECK(lied.error().what == "cannot extract 'bomb.bin' from archive");
    CHECK(lied.error().why == "the entry expands beyond the 1024 bytes its header declares");
    CHECK(fk::util::tree_size(base / "liar") <= 5); // ok.csv at most (written on another thread)
    fs::remove_all(base / "liar");
  }
  // An honest declaration past a limit or the free space: refused before a byte of it is written.
  const std::string honest = zip_of({{"ok.csv", "id\n1\n", 8, false}, {"bomb.bin", zeros, 8, false}});
  ExtractOptions entry_cap;
  entry_cap.max_entry_bytes = std::uint64_t{10} << 20U;
  ExtractOptions total_cap;
  total_cap.max_total_bytes = std::uint64_t{10} << 20U;
  ExtractOptions no_room;
  no_room.min_free_bytes = fk::util::free_bytes(base).value() - (std::uint64_t{20} << 20U);
  const std::vector<std::pair<ExtractOptions*, std::string>> cases{
      {&entry_cap, "the entry declares 40.0 MiB, more than 10.0 MiB, the limit for one file"},
      {&total_cap, "the limit on uncompressed bytes (this entry declares 40.0 MiB)"},
      {&no_room, "40.0 MiB more would leave less than"}};
  for (const auto& [options, text] : cases) {
    INFO(text);
    auto refused = extract_stream(source_of(honest, 4096), base / "honest", *options);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().why.find(text) != std::string::npos);
    CHECK(fk::util::tree_size(base / "honest") <= 5);
    fs::remove_all(base / "honest");
  }
  // Within the limits the same zip extracts whole.
  auto whole = extract_stream(source_of(honest, 1 << 20), base / "whole", {});
  INFO(describe(whole));
  REQUIRE(whole.ok());
  CHECK(whole->bytes_written == zeros.size() + 5);
  fs::remove_all(base);
}
