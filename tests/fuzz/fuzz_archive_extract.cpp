// Fuzz the safe extraction path (archive::extract_stream) with an archive held in memory, fed in
// small chunks as the download's channel does, into a scratch folder. Checked on success: nothing
// but plain files and folders lands below the destination, every reported file is there with its
// size, and the observer saw every byte.

#include "archive/extract.hpp"
#include "fuzz_scratch.hpp"

#include <any>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace {

// Count the bytes shown for each entry.
class ByteCounter final : public fk::archive::EntryObserver {
public:
  void begin_entry(std::string_view) override { m_bytes = 0; }
  void data(std::string_view bytes) override { m_bytes += bytes.size(); }
  std::any end_entry() override { return m_bytes; }

private:
  std::uint64_t m_bytes = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  const fs::path dest = fk::fuzz::scratch_dir() / "dest";
  fs::remove_all(dest);
  fs::create_directories(dest);

  const std::string_view archive(reinterpret_cast<const char*>(data), size);
  std::size_t at = 0;
  const fk::archive::ChunkSource pull = [&]() -> fk::util::Result<std::optional<std::string>> {
    if (at >= archive.size()) return std::optional<std::string>();
    const std::string_view chunk = archive.substr(at, 4096);
    at += chunk.size();
    return std::optional<std::string>(std::string(chunk));
  };
  fk::archive::ExtractOptions options;
  options.source_name = "fuzz input";
  options.max_total_bytes = 8U << 20U;
  options.max_entries = 10'000;
  options.sync = false;
  ByteCounter counter;
  const auto summary = fk::archive::extract_stream(pull, dest, options, &counter);
  if (!summary) return 0;

  std::uint64_t total = 0;
  for (const auto& file : summary->files) {
    const fs::path full = dest / file.path;
    if (fs::is_symlink(full) || !fs::is_regular_file(full) || fs::file_size(full) != file.bytes) std::abort();
    if (std::any_cast<std::uint64_t>(file.observed) != file.bytes) std::abort();
    total += file.bytes;
  }
  if (total != summary->bytes_written) std::abort();
  for (const auto& entry : fs::recursive_directory_iterator(dest)) {
    if (!entry.is_directory() && !entry.is_regular_file()) std::abort(); // a link, device or FIFO escaped
  }
  return 0;
}
