#include "migrate/scan.hpp"

#include "download/state.hpp"
#include "layout/day.hpp"
#include "report/download_manifest.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/json_reader.hpp"

#include <algorithm>

namespace fk::migrate {

namespace fs = std::filesystem;

namespace {

// Fill `day` from kaggle_raw/<day>/download_manifest.json, when there is one.
void read_old_manifest(const fs::path& file, SourceDay& day) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  simdjson::dom::parser parser;
  auto root = util::parse_json_file(parser, file);
  if (!root) {
    day.manifest_problem = root.error().message();
    return;
  }
  simdjson::dom::element dataset;
  if ((*root)["dataset"].get(dataset) == simdjson::SUCCESS) {
    day.kaggle_id = util::json_string(dataset, "kaggle_id");
    day.title = util::json_string(dataset, "name");
    day.url = util::json_string(dataset, "url");
    day.downloaded_at = util::json_string(dataset, "download_timestamp");
  }
  simdjson::dom::array files;
  if ((*root)["files"].get(files) != simdjson::SUCCESS) return;
  for (simdjson::dom::element entry : files) {
    const std::string name = util::json_string(entry, "filename");
    for (SourceFile& f : day.files) {
      if (f.name != name) continue;
      f.old_sha256 = util::json_string(entry, "sha256");
      const std::int64_t rows = util::json_int(entry, "row_count", -1);
      if (rows >= 0) f.rows = static_cast<std::uint64_t>(rows);
    }
  }
}

// List the regular files of `dir` whose name passes `keep`, with their current sha256.
util::Result<std::vector<SourceFile>> hashed_files(const fs::path& dir, bool (*keep)(const std::string&)) {
  std::vector<SourceFile> out;
  for (const std::string& name : util::list_names(dir)) {
    std::error_code ec;
    if (!keep(name) || !fs::is_regular_file(dir / name, ec)) continue;
    auto digest = util::sha256_file(dir / name);
    if (!digest) return digest.error();
    out.push_back({name, dir / name, fs::file_size(dir / name, ec), *digest, std::nullopt});
  }
  return out;
}

bool is_report(const std::string& n) {
  return n.size() > 3 && n.ends_with(".md");
}
bool is_profile(const std::string& n) {
  return n.starts_with("data_profile_") && n.ends_with(".json");
}
bool is_csv(const std::string& n) {
  return n.size() > 4 && n.ends_with(".csv");
}

} // namespace

std::vector<std::pair<std::string, std::uint64_t>> list_files_recursive(const fs::path& dir) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    out.emplace_back(it->path().lexically_relative(dir).generic_string(), it->file_size(ec));
  }
  std::sort(out.begin(), out.end());
  return out;
}

util::Result<SourceTree> scan_job_tree(const fs::path& from) {
  SourceTree tree;
  tree.root = from;
  const fs::path raw = from / "kaggle_raw";
  for (const std::string& name : util::list_names(raw)) {
    std::error_code ec;
    if (!layout::Day::is_day_name(name) || !fs::is_directory(raw / name, ec)) continue;
    SourceDay day;
    day.day = name;
    day.folder = raw / name;
    for (const std::string& file : util::list_names(raw / name)) {
      if (!is_csv(file) || !fs::is_regular_file(raw / name / file, ec)) continue;
      day.files.push_back({file, raw / name / file, fs::file_size(raw / name / file, ec), {}, std::nullopt});
    }
    read_old_manifest(raw / name / "download_manifest.json", day);
    tree.days.push_back(std::move(day));
  }
  auto reports = hashed_files(from / "reports", is_report);
  if (!reports) return reports.error();
  tree.reports = std::move(*reports);
  auto profiles = hashed_files(from / "metadata", is_profile);
  if (!profiles) return profiles.error();
  tree.profiles = std::move(*profiles);
  return tree;
}

TargetState scan_target(const layout::Layout& layout, const SourceTree& tree, const std::string& dataset) {
  TargetState state;
  for (const SourceDay& day : tree.days) {
    const std::string ref = dataset.empty() ? day.kaggle_id : dataset;
    if (ref.empty()) continue;
    TargetDataset target;
    std::error_code ec;
    target.folder_exists = fs::exists(layout.area("raw") / day.day / ref, ec);
    for (const auto& [name, bytes] : list_files_recursive(layout.area("raw") / day.day / ref))
      target.folder_files[name] = bytes;
    auto manifest = report::read_manifest(layout.area("raw") / day.day / "download_manifest.json");
    if (manifest) {
      if (const report::ManifestDataset* entry = manifest->find(ref)) {
        target.in_manifest = true;
        for (const report::ManifestFile& f : entry->files)
          target.files[f.path] = f.bytes;
      }
    }
    state.datasets[day.day + "/" + ref] = std::move(target);
  }
  for (const SourceFile& f : tree.reports) {
    if (auto digest = util::sha256_file(layout.area("reports") / f.name)) state.reports[f.name] = *digest;
  }
  for (const SourceFile& f : tree.profiles) {
    if (auto digest = util::sha256_file(layout.area("metadata") / f.name)) state.profiles[f.name] = *digest;
  }
  for (const SourceFile& f : tree.dataset_metadata) {
    const fs::path there = layout.area("metadata") / "datasets" / f.name;
    if (auto digest = util::sha256_file(there)) state.dataset_metadata[f.name] = *digest;
  }
  if (!tree.tracked.empty()) {
    std::string warning;
    if (auto known = download::read_state(layout, warning)) {
      for (const auto& [ref, entry] : known->datasets)
        state.state_versions[ref] = entry.version;
    }
  }
  return state;
}

} // namespace fk::migrate
