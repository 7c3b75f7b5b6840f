#include "process/plan.hpp"

#include "util/fs.hpp"

#include <algorithm>
#include <cctype>

namespace fk::process {

namespace fs = std::filesystem;

std::optional<FailOn> parse_fail_on(std::string_view text) {
  if (text == "error") return FailOn::error;
  if (text == "warning") return FailOn::warning;
  if (text == "never") return FailOn::never;
  return std::nullopt;
}

std::string_view fail_on_name(FailOn fail_on) {
  switch (fail_on) {
  case FailOn::error:
    return "error";
  case FailOn::warning:
    return "warning";
  case FailOn::never:
    return "never";
  }
  return "error";
}

bool is_csv_path(std::string_view path) {
  if (path.size() < 4) return false;
  std::string extension(path.substr(path.size() - 4));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".csv" || extension == ".tsv";
}

util::Result<report::DownloadManifest> read_day_manifest(const layout::Layout& layout, const layout::Day& day) {
  const fs::path path = layout.download_manifest(day);
  auto manifest = report::read_manifest(path);
  if (manifest.ok()) return manifest;
  util::Error error = manifest.error();
  if (error.kind == util::ErrorKind::not_found) {
    error.what = "no download manifest for day " + day.str() + " at " + path.string();
    error.why = "nothing was downloaded into raw/" + day.str() + " (or it was archived or pruned)";
    error.fix = "run `fetch-kaggle download --date " + day.str() + "` first, or pick a day that has one with --date";
  }
  return error;
}

namespace {

// Return true when `relative` stays inside its base folder: relative, no "." or "..", no empty name.
bool is_contained(std::string_view relative) {
  if (relative.empty() || relative.front() == '/') return false;
  const fs::path path(relative);
  return std::none_of(path.begin(), path.end(),
                      [](const fs::path& part) { return part == ".." || part == "." || part.empty(); });
}

util::Error unsafe_path(const std::string& ref, const std::string& path, const fs::path& manifest) {
  return util::make_error(util::ErrorKind::integrity,
                          "unsafe path '" + ref + (path.empty() ? "" : "/" + path) + "' in " + manifest.string(),
                          "it is absolute or contains '..', so it could point outside the day folder",
                          "restore the manifest from a backup or download the day again with --force");
}

util::Result<PlannedDataset> plan_dataset(const report::ManifestDataset& entry, const layout::Layout& layout,
                                          const layout::Day& day) {
  const std::size_t slash = entry.ref.find('/');
  if (slash == std::string::npos || entry.ref.find('/', slash + 1) != std::string::npos || !is_contained(entry.ref)) {
    return unsafe_path(entry.ref, {}, layout.download_manifest(day));
  }
  PlannedDataset planned{entry.ref, entry.version, {}};
  const fs::path folder = layout.raw_dataset(day, entry.ref.substr(0, slash), entry.ref.substr(slash + 1));
  for (const report::ManifestFile& file : entry.files) {
    if (!is_contained(file.path)) return unsafe_path(entry.ref, file.path, layout.download_manifest(day));
    planned.files.push_back({file.path, folder / file.path, file.bytes, file.sha256, is_csv_path(file.path)});
  }
  return planned;
}

} // namespace

util::Result<ProcessPlan> plan_process(const report::DownloadManifest& manifest, const layout::Layout& layout,
                                       const layout::Day& day, const std::vector<std::string>& refs) {
  const fs::path manifest_path = layout.download_manifest(day);
  for (const std::string& ref : refs) {
    const report::ManifestDataset* entry = manifest.find(ref);
    if (entry == nullptr) {
      return util::make_error(util::ErrorKind::not_found, "dataset " + ref + " is not in " + manifest_path.string(),
                              "it was not downloaded on day " + day.str(),
                              "check the name (owner/slug) or the day (--date), or download it first");
    }
    if (entry->status != "downloaded") {
      const std::string where = entry->unchanged_day.empty() ? "" : "; its files are in day " + entry->unchanged_day;
      return util::make_error(util::ErrorKind::not_found, "dataset " + ref + " has no files in day " + day.str(),
                              "its status that day is " + entry->status + where,
                              entry->unchanged_day.empty() ? "download it again"
                                                           : "process day " + entry->unchanged_day + " with --date");
    }
  }
  ProcessPlan plan;
  plan.day = day.str();
  for (const report::ManifestDataset& entry : manifest.datasets) {
    if (!refs.empty() && std::find(refs.begin(), refs.end(), entry.ref) == refs.end()) continue;
    if (entry.status != "downloaded") {
      std::string reason = entry.reason;
      if (reason.empty() && !entry.unchanged_day.empty()) reason = "its files are in day " + entry.unchanged_day;
      plan.skipped.push_back({entry.ref, entry.status, reason});
      continue;
    }
    auto planned = plan_dataset(entry, layout, day);
    if (!planned) return planned.error();
    plan.datasets.push_back(std::move(*planned));
  }
  return plan;
}

void print_plan(std::ostream& out, const ProcessPlan& plan) {
  out << "day " << plan.day << " (dry run: nothing is read or written)\n";
  for (const PlannedDataset& dataset : plan.datasets) {
    out << "  dataset " << dataset.ref << " v" << dataset.version << "\n";
    for (const PlannedFile& file : dataset.files) {
      out << "    " << (file.is_csv ? "check+scan" : "check     ") << "  " << file.path << "  "
          << util::human_bytes(file.expected_bytes) << "\n";
    }
  }
  for (const SkippedDataset& skipped : plan.skipped) {
    out << "  skip " << skipped.ref << "  (" << skipped.status << (skipped.reason.empty() ? "" : ": " + skipped.reason)
        << ")\n";
  }
}

} // namespace fk::process
