#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "layout/data_root.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

namespace fk::layout {

// What `init` (and every writing command, before it starts) must create; empty when the root is ready.
struct InitPlan {
  std::vector<std::filesystem::path> dirs_to_create; // in creation order, the root first if missing
  bool write_layout_file = false;

  // Return true when nothing needs to be done.
  [[nodiscard]] bool empty() const { return dirs_to_create.empty() && !write_layout_file; }
};

// Compute the init plan by looking at the root; reads only.
InitPlan plan_init(const Layout& layout);

// Describe each step of `plan` as one line for --dry-run and logs.
std::vector<std::string> describe(const InitPlan& plan, const Layout& layout);

// Carry out `plan`: create the folders, then write layout.json atomically.
util::Status execute(const InitPlan& plan, const Layout& layout, util::TimePoint now);

// Check that the root exists, is a folder and is writable; the error names the path and the fix.
util::Status check_root_writable(const Layout& layout);

} // namespace fk::layout
