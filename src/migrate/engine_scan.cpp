#include "layout/day.hpp"
#include "migrate/plan.hpp"
#include "migrate/scan.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/json_reader.hpp"

#include <sys/stat.h>

#include <algorithm>

namespace fk::migrate {

namespace fs = std::filesystem;

namespace {

// Return YYYYMMDD from an ISO 8601 date or date-time, or "" when it is not one.
std::string day_of_iso(const std::string& text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return {};
  const std::string day = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
  return layout::Day::is_day_name(day) ? day : std::string{};
}

// Return the UTC day of the newest modification time among `files` below `folder`.
std::string day_of_newest_file(const fs::path& folder, const std::vector<SourceFile>& files) {
  std::int64_t newest = 0;
  for (const SourceFile& f : files) {
    struct stat st {};
    if (::stat((folder / f.name).c_str(), &st) == 0) newest = std::max<std::int64_t>(newest, st.st_mtim.tv_sec);
  }
  return layout::Day::from_time(std::chrono::system_clock::from_time_t(static_cast<std::time_t>(newest))).str();
}

// Fill `day` from metadata/<owner>__<slug>.json: title, url and last_updated.
void read_engine_metadata(const fs::path& file, SourceDay& day) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  simdjson::dom::parser parser;
  auto root = util::parse_json_file(parser, file);
  if (!root) {
    day.manifest_problem = root.error().message();
    return;
  }
  day.title = util::json_string(*root, "title");
  day.url = util::json_string(*root, "url");
  day.downloaded_at = util::json_string(*root, "last_updated");
}

// Read one entry of the tracking state (`ref` from the key or the entry's dataset_ref).
void add_tracked(simdjson::dom::element entry, std::string ref, std::vector<TrackedDataset>& out) {
  if (ref.empty()) ref = util::json_string(entry, "dataset_ref");
  if (!is_dataset_ref(ref)) return;
  std::int64_t version = util::json_int(entry, "version", -1);
  if (version < 0) version = util::json_int(entry, "current_version_number", -1);
  out.push_back({ref, version, util::json_string(entry, "last_updated")});
}

// Read state/tracking_state.json, falling back to its .backup when the main file is unreadable.
void read_tracking_state(const fs::path& from, SourceTree& tree) {
  const fs::path main = from / "state" / "tracking_state.json";
  const fs::path backup = from / "state" / "tracking_state.json.backup";
  simdjson::dom::parser parser;
  std::error_code ec;
  auto root = util::parse_json_file(parser, main);
  tree.tracking_file = main;
  if (!root && fs::exists(backup, ec)) {
    if (fs::exists(main, ec)) tree.tracking_warning = root.error().message() + "; read " + backup.string() + " instead";
    root = util::parse_json_file(parser, backup);
    tree.tracking_file = backup;
  }
  if (!root) {
    if (fs::exists(main, ec)) tree.tracking_warning = root.error().message();
    tree.tracking_file.clear();
    return;
  }
  simdjson::dom::element datasets;
  if ((*root)["datasets"].get(datasets) != simdjson::SUCCESS) return;
  simdjson::dom::object by_ref;
  simdjson::dom::array list;
  if (datasets.get(by_ref) == simdjson::SUCCESS) {
    for (auto field : by_ref)
      add_tracked(field.value, std::string(field.key), tree.tracked);
  } else if (datasets.get(list) == simdjson::SUCCESS) {
    for (simdjson::dom::element entry : list)
      add_tracked(entry, {}, tree.tracked);
  }
  std::sort(tree.tracked.begin(), tree.tracked.end(),
            [](const TrackedDataset& a, const TrackedDataset& b) { return a.ref < b.ref; });
}

} // namespace

util::Result<SourceTree> scan_engine_tree(const fs::path& from) {
  SourceTree tree;
  tree.root = from;
  tree.layout_name = "ingestion-engine";
  const fs::path datasets = from / "datasets";
  for (const std::string& owner : util::list_names(datasets)) {
    std::error_code ec;
    if (!fs::is_directory(datasets / owner, ec) || owner.starts_with(".")) continue;
    for (const std::string& slug : util::list_names(datasets / owner)) {
      const fs::path folder = datasets / owner / slug;
      if (!fs::is_directory(folder, ec) || slug.starts_with(".")) continue;
      SourceDay day;
      day.folder = folder;
      day.kaggle_id = owner + "/" + slug;
      for (const auto& [name, bytes] : list_files_recursive(folder))
        day.files.push_back({name, folder / name, bytes, {}, std::nullopt});
      const fs::path metadata = from / "metadata" / (owner + "__" + slug + ".json");
      read_engine_metadata(metadata, day);
      day.day = day_of_iso(day.downloaded_at);
      if (day.day.empty()) day.day = day_of_newest_file(folder, day.files);
      if (fs::is_regular_file(metadata, ec)) {
        auto digest = util::sha256_file(metadata);
        if (!digest) return digest.error();
        tree.dataset_metadata.push_back({owner + "/" + slug + ".ingestion-engine.json", metadata,
                                         fs::file_size(metadata, ec), *digest, std::nullopt});
      }
      tree.days.push_back(std::move(day));
    }
  }
  read_tracking_state(from, tree);
  return tree;
}

} // namespace fk::migrate
