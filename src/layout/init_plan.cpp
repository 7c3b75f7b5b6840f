#include "layout/init_plan.hpp"

#include "layout/layout_version.hpp"
#include "util/fs.hpp"

#include <unistd.h>

#include <cerrno>

namespace fk::layout {

namespace fs = std::filesystem;

InitPlan plan_init(const Layout& layout) {
  InitPlan plan;
  std::error_code ec;
  std::vector<fs::path> wanted{layout.root()};
  for (std::string_view area : k_areas) wanted.push_back(layout.area(area));
  wanted.push_back(layout.staging());
  for (const fs::path& dir : wanted) {
    if (!fs::is_directory(dir, ec)) plan.dirs_to_create.push_back(dir);
  }
  plan.write_layout_file = !fs::exists(layout.layout_file(), ec);
  return plan;
}

std::vector<std::string> describe(const InitPlan& plan, const Layout& layout) {
  std::vector<std::string> lines;
  for (const fs::path& dir : plan.dirs_to_create) lines.push_back("create folder " + dir.string());
  if (plan.write_layout_file) {
    lines.push_back("write " + layout.layout_file().string() + " (layout version " +
                    std::to_string(k_layout_version) + ")");
  }
  return lines;
}

util::Status execute(const InitPlan& plan, const Layout& layout, util::TimePoint now) {
  for (const fs::path& dir : plan.dirs_to_create) {
    if (auto status = util::create_directories(dir); !status) return status;
  }
  if (plan.write_layout_file) return write_layout_file(layout, now);
  return util::Ok{};
}

util::Status check_root_writable(const Layout& layout) {
  const fs::path& root = layout.root();
  std::error_code ec;
  if (!fs::exists(root, ec)) {
    return util::make_error(util::ErrorKind::not_found, "data root " + root.string() + " does not exist",
                            "nothing is mounted or created there",
                            "run `fetch-kaggle init --data-root " + root.string() +
                                "`, or point --data-root / KAGGLE_DATA_ROOT at the volume");
  }
  if (!fs::is_directory(root, ec)) {
    return util::make_error(util::ErrorKind::usage, "data root " + root.string() + " is not a folder", "",
                            "point --data-root / KAGGLE_DATA_ROOT at a folder");
  }
  if (::access(root.c_str(), W_OK | X_OK) != 0) {
    return util::io_error("data root " + root.string() + " is not writable", errno, root);
  }
  return util::Ok{};
}

} // namespace fk::layout
