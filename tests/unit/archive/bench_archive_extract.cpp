// Benchmark: extract_stream (extract + SHA-256 per file, one pass) against unzip/bsdtar on one zip.
//
// Usage: bench_archive_extract [megabytes=300] [work_dir=$TMPDIR]
// Builds a zip of CSV-like text (deflate) with libarchive's writer, then times each way of unpacking it.

#include "archive/extract.hpp"
#include "util/byte_channel.hpp"
#include "util/hash.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace fk;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

la_ssize_t write_to_fd(struct archive*, void* client, const void* buffer, size_t length) {
  return ::write(*static_cast<int*>(client), buffer, length);
}

// Write `files` CSV-like files of `bytes_each` bytes into a zip at `zip_path`.
bool build_zip(const fs::path& zip_path, int files, std::uint64_t bytes_each) {
  int fd = ::open(zip_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> writer(archive_write_new(), archive_write_free);
  archive_write_set_format_zip(writer.get());
  archive_write_set_bytes_in_last_block(writer.get(), 1);
  archive_write_open(writer.get(), &fd, nullptr, write_to_fd, nullptr);
  std::uint64_t state = 88172645463325252ULL;
  for (int i = 0; i < files; ++i) {
    std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
    const std::string name = "data/part_" + std::to_string(i) + ".csv";
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes_each));
    archive_write_header(writer.get(), entry.get());
    std::string block;
    std::uint64_t written = 0;
    while (written < bytes_each) {
      block.clear();
      while (block.size() < (1U << 20U)) {
        state ^= state << 13U;
        state ^= state >> 7U;
        state ^= state << 17U;
        block += std::to_string(state % 100000) + ",customer_" + std::to_string(state % 977) + ",2024-0" +
                 std::to_string(1 + state % 9) + "-1" + std::to_string(state % 10) + "," +
                 std::to_string(static_cast<double>(state % 1000000) / 100.0) + ",\"free text " +
                 std::to_string(state % 31) + "\"\n";
      }
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), bytes_each - written));
      archive_write_data(writer.get(), block.data(), take);
      written += take;
    }
  }
  archive_write_close(writer.get());
  return ::close(fd) == 0;
}

// Return a ChunkSource reading `path` in chunks of `chunk` bytes.
archive::ChunkSource file_source(const fs::path& path, std::size_t chunk) {
  auto fd = std::make_shared<int>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  return [fd, chunk]() -> util::Result<std::optional<std::string>> {
    std::string buffer(chunk, '\0');
    const ssize_t got = ::read(*fd, buffer.data(), buffer.size());
    if (got < 0) return util::make_error(util::ErrorKind::internal, "read", "failed");
    if (got == 0) return std::optional<std::string>{};
    buffer.resize(static_cast<std::size_t>(got));
    return std::optional<std::string>(std::move(buffer));
  };
}

void report(const char* label, double seconds, std::uint64_t bytes) {
  std::printf("%-52s %7.2f s  %8.1f MB/s\n", label, seconds, static_cast<double>(bytes) / 1e6 / seconds);
}

void time_command(const char* label, const std::string& command, std::uint64_t bytes) {
  const auto start = Clock::now();
  if (std::system(command.c_str()) != 0) {
    std::printf("%-52s failed\n", label);
    return;
  }
  report(label, seconds_since(start), bytes);
}

} // namespace

int main(int argc, char** argv) {
  const std::uint64_t megabytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 300;
  const fs::path work = (argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path()) / "fk_bench_archive";
  fs::remove_all(work);
  fs::create_directories(work);
  const fs::path zip = work / "bench.zip";
  const int files = 3;
  const std::uint64_t total = megabytes << 20U;
  auto start = Clock::now();
  if (!build_zip(zip, files, total / files)) {
    std::fprintf(stderr, "cannot build %s\n", zip.c_str());
    return 1;
  }
  const std::uint64_t zip_size = fs::file_size(zip);
  std::printf("built %s: %d files, %.1f MB uncompressed, %.1f MB zipped, in %.1f s\n", zip.c_str(), files,
              static_cast<double>(total) / 1e6, static_cast<double>(zip_size) / 1e6, seconds_since(start));
  std::printf("throughput below is uncompressed MB written per second\n");

  archive::ExtractOptions options;
  options.sync = false;
  for (const std::size_t chunk : {std::size_t{16} << 10U, std::size_t{1} << 20U}) {
    fs::remove_all(work / "out");
    start = Clock::now();
    auto summary = archive::extract_stream(file_source(zip, chunk), work / "out", options);
    if (!summary.ok()) {
      std::fprintf(stderr, "%s\n", summary.error().message().c_str());
      return 1;
    }
    const std::string label = "extract_stream + sha256, " + std::to_string(chunk >> 10U) + " KiB chunks";
    report(label.c_str(), seconds_since(start), summary->bytes_written);
  }

  fs::remove_all(work / "out");
  start = Clock::now();
  {
    util::ByteChannel channel;
    std::thread producer([&] {
      auto source = file_source(zip, std::size_t{16} << 10U);
      while (true) {
        auto chunk = source();
        if (!chunk.ok() || !chunk->has_value()) break;
        if (!channel.push(std::move(**chunk))) return;
      }
      channel.close();
    });
    auto summary = archive::extract_stream(archive::pull_from(channel), work / "out", options);
    if (!summary.ok()) channel.abort(summary.error());
    producer.join();
    if (!summary.ok()) return 1;
  }
  report("extract_stream + sha256 via ByteChannel thread", seconds_since(start), total);

  fs::remove_all(work / "out");
  options.sync = true;
  start = Clock::now();
  if (!archive::extract_stream(file_source(zip, std::size_t{1} << 20U), work / "out", options).ok()) return 1;
  report("extract_stream + sha256 + fsync, 1 MiB chunks", seconds_since(start), total);

  fs::remove_all(work / "out");
  time_command("unzip -q (no hashing)", "unzip -q -o " + zip.string() + " -d " + (work / "out").string(), total);
  start = Clock::now();
  for (int i = 0; i < files; ++i) {
    if (!util::sha256_file(work / "out" / "data" / ("part_" + std::to_string(i) + ".csv")).ok()) return 1;
  }
  report("  then sha256_file over the files (2nd pass)", seconds_since(start), total);

  if (std::system("command -v bsdtar >/dev/null 2>&1") == 0) {
    fs::remove_all(work / "out");
    fs::create_directories(work / "out");
    time_command("bsdtar -xf (no hashing)", "bsdtar -xf " + zip.string() + " -C " + (work / "out").string(), total);
  } else {
    std::printf("%-52s not installed\n", "bsdtar -xf");
  }
  fs::remove_all(work);
  return 0;
}
