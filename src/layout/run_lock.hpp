#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "layout/data_root.hpp"
#include "util/clock.hpp"
#include "util/file_lock.hpp"

namespace fk::layout {

// Take the data root's run lock for `command`, waiting up to `wait`; lock_held if another run has it.
util::Result<util::FileLock> acquire_run_lock(const Layout& layout, const std::string& command,
                                              const std::string& run_id, util::TimePoint now,
                                              std::chrono::milliseconds wait);

// Return the recorded holder when another process holds the lock right now, without taking it.
std::optional<std::string> current_lock_holder(const Layout& layout);

} // namespace fk::layout
