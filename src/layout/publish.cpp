#include "layout/publish.hpp"

#include "util/atomic_file.hpp"
#include "util/fault_points.hpp"
#include "util/fs.hpp"

#include <fcntl.h>
#include <unistd.h>
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
  util::fault_point("publish folder: before rename");
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
  util::fault_point("publish folder: after exchange");
  if (auto status = util::fsync_dir(parent); !status) return status;
  fs::remove_all(staged, ec);
  return util::Ok{};
}

namespace {

// Recreate the tree `from` at `to` with hard links, leaving out `skip` and hidden names (temporaries).
util::Status link_tree(const fs::path& from, const fs::path& to, const fs::path& skip) {
  if (auto status = util::create_directories(to); !status) return status;
  for (const std::string& name : util::list_names(from)) {
    const fs::path source = from / name;
    if (name.front() == '.' || source == skip) continue;
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(source, ec);
    if (fs::is_directory(status)) {
      if (auto linked = link_tree(source, to / name, skip); !linked) return linked;
    } else if (fs::is_symlink(status)) {
      fs::copy_symlink(source, to / name, ec);
      if (ec) return util::io_error("cannot copy the link " + source.string(), ec.value(), to);
    } else if (::link(source.c_str(), (to / name).c_str()) != 0) {
      return util::io_error("cannot link " + source.string() + " into the new day", errno, to);
    }
  }
  return util::fsync_dir(to);
}

} // namespace

util::Status link_copy(const fs::path& current, const fs::path& staged) {
  std::error_code ec;
  if (!fs::is_directory(current, ec)) return util::create_directories(staged);
  return link_tree(current, staged, fs::path());
}

util::Status publish_into_day(const fs::path& day_dir, const fs::path& work, const fs::path& relative,
                              const fs::path& staged, const std::function<util::Status(const fs::path&)>& finish) {
  const fs::path new_day = work / "day";
  std::error_code ec;
  fs::remove_all(new_day, ec);
  if (fs::is_directory(day_dir, ec)) {
    if (auto linked = link_tree(day_dir, new_day, day_dir / relative); !linked) return linked;
  }
  const fs::path placed = new_day / relative;
  if (auto status = util::create_directories(placed.parent_path()); !status) return status;
  if (::rename(staged.c_str(), placed.c_str()) != 0) {
    return util::io_error("cannot move " + staged.string() + " into the new day", errno, work);
  }
  util::fault_point("publish day: before finish");
  if (auto status = util::fsync_dir(placed.parent_path()); !status) return status;
  if (auto status = finish(new_day); !status) return status;
  return publish_dir(new_day, day_dir);
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
