#include "layout/publish.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>

namespace fk::layout {

namespace fs = std::filesystem;

util::Result<fs::path> make_staging_dir(const Layout& layout, const std::string& command, const std::string& run_id) {
  const fs::path dir = layout.staging() / (command + "-" + run_id);
  if (auto status = util::create_directories(dir); !status) return status.error();
  return dir;
}

util::Status publish_dir(const fs::path& staged, const fs::path& target) {
  const fs::path parent = target.parent_path();
  if (auto status = util::create_directories(parent); !status) return status;
  std::error_code ec;
  if (!fs::exists(target, ec)) {
    if (::rename(staged.c_str(), target.c_str()) != 0) {
      return util::io_error("cannot publish " + target.string(), errno, parent);
    }
    return util::fsync_dir(parent);
  }
  // Swap both names in one step, then remove the old content now lying at `staged`.
  if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    const int saved = errno;
    if (saved != EINVAL && saved != ENOSYS) return util::io_error("cannot publish " + target.string(), saved, parent);
    // Filesystems without RENAME_EXCHANGE: move the old one aside first (a short window without it).
    const fs::path aside = staged.string() + ".old";
    if (::rename(target.c_str(), aside.c_str()) != 0) return util::io_error("cannot replace " + target.string(), errno, parent);
    if (::rename(staged.c_str(), target.c_str()) != 0) {
      const int failed = errno;
      ::rename(aside.c_str(), target.c_str());
      return util::io_error("cannot publish " + target.string(), failed, parent);
    }
    fs::remove_all(aside, ec);
    return util::fsync_dir(parent);
  }
  if (auto status = util::fsync_dir(parent); !status) return status;
  fs::remove_all(staged, ec);
  return util::Ok{};
}

std::size_t clean_stale_staging(const Layout& layout, const std::string& keep_prefix) {
  std::size_t removed = 0;
  for (const std::string& name : util::list_names(layout.staging())) {
    if (!keep_prefix.empty() && name.rfind(keep_prefix, 0) == 0) continue;
    // Partial downloads are kept for resume; the downloader owns that folder.
    if (name == "partial") continue;
    std::error_code ec;
    if (fs::remove_all(layout.staging() / name, ec) > 0) ++removed;
  }
  return removed;
}

} // namespace fk::layout
