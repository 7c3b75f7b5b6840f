#include "download/plan.hpp"

#include "util/fs.hpp"

#include "archive/entry_path.hpp"

#include <fnmatch.h>

#include <algorithm>

namespace fk::download {

bool matches_any(const std::string& name, const std::vector<std::string>& globs) {
  if (globs.empty()) return true;
  for (const std::string& glob : globs) {
    if (::fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

util::Result<std::string> safe_file_name(std::string_view name) {
  auto path = archive::parse_entry_path(name, 4096);
  if (!path || path->components.empty()) {
    return util::make_error(util::ErrorKind::validation,
                            "refusing the file name '" + archive::printable_name(name) + "' from the Kaggle API",
                            path ? "it names no file" : path.error().why,
                            "a file name must stay inside the dataset folder; report the dataset to its owner");
  }
  return path->relative;
}

DatasetPlan plan_dataset(const kaggle::DatasetRef& ref, const kaggle::Dataset& remote, const std::string& license,
                         const std::vector<kaggle::DatasetFile>& remote_files, const std::vector<std::string>& globs,
                         const DownloadState& state, const std::function<bool(const std::string& day)>& day_exists,
                         const DayHolding& today, bool force) {
  DatasetPlan plan;
  plan.ref = ref;
  plan.remote = remote;
  plan.license = license;
  plan.version = ref.version.value_or(remote.current_version_number);
  plan.whole = globs.empty();
  plan.globs = globs;
  std::sort(plan.globs.begin(), plan.globs.end());
  for (const kaggle::DatasetFile& file : remote_files) {
    if (!matches_any(file.name, globs)) continue;
    if (!plan.whole) plan.files.push_back(file);
    plan.expected_bytes += static_cast<std::uint64_t>(std::max<std::int64_t>(file.total_bytes, 0));
  }
  if (plan.whole && remote_files.empty()) plan.expected_bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(remote.total_bytes, 0));

  // The day being downloaded already lists this version as downloaded: its files are the copy, whatever
  // day the state points at (a backfill with --date may have moved it to an older day).
  if (!force && today.version == plan.version && today.selection == plan.globs) {
    plan.action = Action::skip_unchanged;
    plan.unchanged_day = today.day;
    plan.reason = "version " + std::to_string(plan.version) + " already fetched into raw/" + today.day;
    return plan;
  }
  auto known = state.datasets.find(ref.ref());
  if (known != state.datasets.end() && known->second.files != plan.globs) {
    plan.reason = "a different file selection than the last fetch";
    return plan;
  }
  if (known != state.datasets.end() && known->second.version == plan.version && !force) {
    if (day_exists(known->second.day)) {
      plan.action = Action::skip_unchanged;
      plan.unchanged_day = known->second.day;
      plan.reason = "version " + std::to_string(plan.version) + " already fetched into raw/" + known->second.day;
      return plan;
    }
    plan.reason = "version " + std::to_string(plan.version) + " was fetched into raw/" + known->second.day +
                  ", which is gone";
  } else if (force && known != state.datasets.end() && known->second.version == plan.version) {
    plan.reason = "--force";
  } else if (known != state.datasets.end()) {
    plan.reason = "new version (last fetched: " + std::to_string(known->second.version) + ")";
  } else {
    plan.reason = "never fetched";
  }
  plan.action = Action::fetch;
  return plan;
}

void print_plan(std::ostream& out, const std::vector<DatasetPlan>& plans) {
  for (const DatasetPlan& plan : plans) {
    out << (plan.action == Action::fetch ? "fetch " : "skip  ") << plan.ref.ref() << " version " << plan.version;
    if (plan.action == Action::fetch) {
      out << "  " << util::human_bytes(plan.expected_bytes);
      if (!plan.whole) out << " in " << plan.files.size() << " file(s)";
    }
    out << "  (" << plan.reason << ")\n";
  }
}

} // namespace fk::download
