#include "retention/inventory.hpp"
#include "util/fault_points.hpp"

#include "retention/archive_record.hpp"
#include "retention/day_archive.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <map>

namespace fk::retention {

namespace fs = std::filesystem;

namespace {

std::int64_t mtime_of(const fs::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_mtim.tv_sec : 0;
}

DayEntry& entry_for(std::map<std::string, DayEntry>& days, const layout::Day& day) {
  return days.try_emplace(day.str(), DayEntry{day, false, false, false, ArchiveState::none, {}, {}, false, {}}).first->second;
}

void scan_day_folders(const layout::Layout& layout, std::string_view area, std::map<std::string, DayEntry>& days) {
  for (const std::string& name : util::list_names(layout.area(area))) {
    std::error_code ec;
    if (!layout::Day::is_day_name(name) || !fs::is_directory(layout.area(area) / name, ec)) continue;
    DayEntry& entry = entry_for(days, layout::Day::parse(name).value());
    if (area == "raw") entry.raw = true;
    else if (area == "processed") entry.processed = true;
    else entry.reports = true;
  }
}

void scan_archives(const layout::Layout& layout, std::map<std::string, DayEntry>& days) {
  for (const std::string& name : util::list_names(layout.area("archive"))) {
    if (name.size() < 8 || !layout::Day::is_day_name(name.substr(0, 8))) continue; // temporaries start with '.'
    const layout::Day day = layout::Day::parse(name.substr(0, 8)).value();
    DayEntry& entry = entry_for(days, day);
    if (!entry.archive_name.empty() || !entry.orphan_checksum.empty()) continue; // both formats seen once
    const ArchiveFiles files = find_archive(layout, day);
    if (files.archive) {
      entry.archive_name = files.archive->filename().string();
      entry.archive = files.checksum ? ArchiveState::present : ArchiveState::leftover;
      if (files.checksum && entry.raw) {
        entry.archive_outdated = mtime_of(layout.download_manifest(day)) > mtime_of(checksum_path(*files.archive));
      }
      if (files.checksum) entry.archive_written = read_archive_record(*files.archive);
    } else if (files.orphan_checksum) {
      entry.orphan_checksum = files.orphan_checksum->filename().string();
    }
  }
}

void scan_metadata(const layout::Layout& layout, Inventory& inventory) {
  const fs::path root = layout.area("metadata");
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string relative = it->path().lexically_relative(root).generic_string();
    if (relative == "download_state.json" || util::is_atomic_temporary_name(it->path().filename().string())) continue;
    const auto seconds = std::chrono::seconds(mtime_of(it->path()));
    inventory.metadata.push_back({relative, layout::Day::from_time(util::TimePoint(seconds))});
  }
  std::sort(inventory.metadata.begin(), inventory.metadata.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
}

} // namespace

Inventory scan_inventory(const layout::Layout& layout) {
  std::map<std::string, DayEntry> days;
  for (std::string_view area : {"raw", "processed", "reports"}) scan_day_folders(layout, area, days);
  scan_archives(layout, days);
  Inventory inventory;
  for (auto& [name, entry] : days) inventory.days.push_back(std::move(entry));
  scan_metadata(layout, inventory);
  return inventory;
}

util::Result<std::vector<Mismatch>> verify_for_retention(const layout::Layout& layout, const std::vector<layout::Day>& days,
                                                         Inventory& inventory) {
  std::vector<Mismatch> mismatches;
  for (DayEntry& entry : inventory.days) {
    if (std::find(days.begin(), days.end(), entry.day) == days.end()) continue;
    const ArchiveFiles files = find_archive(layout, entry.day);
    if (!files.archive) continue;
    auto check = verify_archive(*files.archive, entry.day);
    if (!check) return check.error();
    if (!check->mismatches.empty()) {
      entry.archive = ArchiveState::failed;
      for (Mismatch& mismatch : check->mismatches) mismatches.push_back(std::move(mismatch));
      continue;
    }
    entry.archive = ArchiveState::verified;
    if (entry.raw) {
      auto raw_manifest = util::sha256_file(layout.download_manifest(entry.day));
      if (!raw_manifest || *raw_manifest != check->manifest_sha256) entry.archive = ArchiveState::stale;
    }
  }
  return mismatches;
}

util::Result<std::vector<layout::Day>> record_first_seen(const layout::Layout& layout, Inventory& inventory,
                                                         util::TimePoint now) {
  std::vector<layout::Day> recorded;
  for (DayEntry& entry : inventory.days) {
    if (entry.archive_written || entry.archive == ArchiveState::none || entry.archive == ArchiveState::leftover) continue;
    const ArchiveFiles files = find_archive(layout, entry.day);
    if (!files.archive || !files.checksum) continue;
    if (auto status = write_archive_record(*files.archive, entry.day, now, RecordOrigin::first_seen); !status) return status.error();
    entry.archive_written = layout::Day::from_time(now);
    recorded.push_back(entry.day);
  }
  return recorded;
}

util::Status execute_prune(const layout::Layout& layout, const Decision& decision, const fs::path& staging) {
  for (const std::string& target : decision.targets) {
    const fs::path path = layout.root() / target;
    std::error_code ec;
    util::fault_point("retention: prune");
    if (fs::is_directory(fs::symlink_status(path, ec))) {
      if (auto status = util::create_directories(staging); !status) return status;
      const fs::path aside = staging / (decision.area + "-" + decision.item);
      if (::rename(path.c_str(), aside.c_str()) != 0) return util::io_error("cannot prune " + path.string(), errno, path.parent_path());
      if (auto status = util::fsync_dir(path.parent_path()); !status) return status;
      fs::remove_all(aside, ec);
      if (ec) return util::io_error("cannot delete " + aside.string(), ec.value(), staging);
      continue;
    }
    if (!fs::remove(path, ec) && ec) return util::io_error("cannot prune " + path.string(), ec.value(), path.parent_path());
  }
  if (!decision.targets.empty()) {
    return util::fsync_dir((layout.root() / decision.targets.front()).parent_path());
  }
  return util::Ok{};
}

} // namespace fk::retention
