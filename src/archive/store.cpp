#include "archive/extract.hpp"
#include "archive/output.hpp"
#include "util/atomic_file.hpp"
#include "util/signals.hpp"

#include <utility>

namespace fk::archive {

namespace fs = std::filesystem;

ChunkSource pull_from(util::ByteChannel& channel) {
  return [&channel]() -> util::Result<std::optional<std::string>> {
    std::optional<std::string> chunk = channel.pop();
    if (chunk) return chunk;
    if (std::optional<util::Error> error = channel.error()) return *std::move(error);
    return chunk;
  };
}

util::Result<EntryResult> store_stream(const ChunkSource& pull, const fs::path& dest_file, EntryObserver* observer,
                                       bool sync) {
  bool replaced = false;
  auto fd = create_output_file(dest_file, replaced);
  if (!fd.ok()) return fd.error();
  FileWriter writer(std::move(*fd), dest_file);
  const std::string name = dest_file.filename().string();
  if (observer != nullptr) observer->begin_entry(name);
  while (true) {
    if (util::stop_requested()) return interrupted_error("cannot finish writing " + dest_file.string());
    auto next = pull();
    if (!next.ok()) return next.error();
    if (!next->has_value()) break;
    const std::string& chunk = **next;
    if (auto status = writer.append(chunk); !status.ok()) return status.error();
    if (observer != nullptr) observer->data(chunk);
  }
  auto sha256 = writer.finish(sync);
  if (!sha256.ok()) return sha256.error();
  if (sync && dest_file.has_parent_path()) {
    if (auto status = util::fsync_dir(dest_file.parent_path()); !status.ok()) return status.error();
  }
  EntryResult result{name, writer.bytes(), std::move(*sha256), {}};
  if (observer != nullptr) result.observed = observer->end_entry();
  return result;
}

} // namespace fk::archive
