#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fake_kaggle/dataset_store.hpp"
#include "util/error.hpp"

namespace fk::fake_kaggle {

// One file to put into a zip, and the name it gets inside.
struct ZipMember {
  std::string entry_name; // UTF-8, '/'-separated
  DatasetFile file;
};

// Write a deterministic zip (deflate, UTF-8 names, each entry's mtime from its file) to `target` atomically.
util::Status write_zip(const std::filesystem::path& target, const std::vector<ZipMember>& members);

// Build zips on demand under a cache folder, once per content, and reuse them.
class ZipCache {
public:
  // Keep zips under `dir` (created when needed).
  explicit ZipCache(std::filesystem::path dir);

  // Return the path of the zip of `members` for object `key` (e.g. "owner/slug/3/archive.zip"),
  // building it unless a zip of the same names, sizes and mtimes is already cached.
  util::Result<std::filesystem::path> get(const std::string& owner, const std::string& slug, std::int64_t version,
                                          const std::string& object_name, const std::vector<ZipMember>& members);

  // Return the cache folder.
  [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }

private:
  std::filesystem::path m_dir;
  std::mutex m_mutex;
  std::map<std::string, std::shared_ptr<std::mutex>> m_building; // one lock per cached zip
};

} // namespace fk::fake_kaggle
