#include "report/volume_status.hpp"

#include "layout/day.hpp"
#include "layout/init_plan.hpp"
#include "layout/layout_version.hpp"
#include "layout/run_lock.hpp"
#include "report/download_manifest.hpp"
#include "util/fs.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace fk::report {

namespace fs = std::filesystem;

namespace {

// "20261122.tar.gz" -> "20261122"; also plain day folders.
std::optional<std::string> day_of_entry(const std::string& name) {
  const std::string head = name.substr(0, 8);
  if (!layout::Day::is_day_name(head)) return std::nullopt;
  if (name.size() == 8 || name[8] == '.') return head;
  return std::nullopt;
}

AreaStatus scan_area(const layout::Layout& layout, std::string_view name) {
  AreaStatus area{std::string(name), {}, 0};
  const fs::path dir = layout.area(name);
  if (name == "metadata") {
    area.bytes = util::tree_size(dir);
    return area;
  }
  std::map<std::string, std::uint64_t, std::greater<>> days;
  for (const std::string& entry : util::list_names(dir)) {
    const auto day = day_of_entry(entry);
    if (!day) continue; // temporaries and leftovers are not days
    const std::uint64_t bytes = util::tree_size(dir / entry);
    days[*day] += bytes;
    area.bytes += bytes;
  }
  for (const auto& [day, bytes] : days) area.days.push_back({day, bytes});
  return area;
}

// Point each dataset at its current copy: the newest manifest entry that is downloaded (its day) or
// unchanged (the day it names); a failed entry leaves the copy to older days.
void locate_copies(std::vector<LatestDataset>& datasets, const std::vector<DownloadManifest>& newest_first) {
  for (LatestDataset& latest : datasets) {
    for (const DownloadManifest& manifest : newest_first) {
      const ManifestDataset* entry = manifest.find(latest.ref);
      if (entry == nullptr || entry->status == "failed") continue;
      latest.copy_day = entry->status == "unchanged" && !entry->unchanged_day.empty() ? entry->unchanged_day : manifest.day;
      latest.copy_version = entry->version;
      break;
    }
  }
}

void collect_datasets(const layout::Layout& layout, VolumeStatus& status) {
  std::set<std::string> seen;
  std::vector<DownloadManifest> manifests; // newest first
  for (const AreaStatus& area : status.areas) {
    if (area.name != "raw") continue;
    for (const AreaDay& day : area.days) {
      const fs::path path = layout.area("raw") / day.day / "download_manifest.json";
      std::error_code ec;
      if (!fs::exists(path, ec)) continue;
      auto manifest = read_manifest(path);
      if (!manifest) {
        status.warnings.push_back(manifest.error().message());
        continue;
      }
      for (const ManifestDataset& d : manifest->datasets) {
        if (!seen.insert(d.ref).second) continue;
        status.datasets.push_back({d.ref, day.day, d.version, d.status, d.fetched_at, "", 0});
      }
      manifest->day = day.day;
      manifests.push_back(std::move(*manifest));
    }
  }
  locate_copies(status.datasets, manifests);
  std::sort(status.datasets.begin(), status.datasets.end(), [](const auto& a, const auto& b) { return a.ref < b.ref; });
}

void collect_last_runs(const layout::Layout& layout, VolumeStatus& status) {
  std::set<std::string> seen;
  simdjson::dom::parser parser;
  const fs::path reports = layout.area("reports");
  std::vector<std::string> days = util::list_names(reports);
  std::reverse(days.begin(), days.end());
  for (const std::string& day : days) {
    if (!layout::Day::is_day_name(day)) continue;
    std::vector<std::string> names = util::list_names(reports / day);
    // "<command>-<HHMMSS>Z-<run id>.json": newest first within the day.
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      const auto key = [](const std::string& n) {
        const std::size_t z = n.rfind("Z-");
        return z == std::string::npos || z < 6 ? std::string() : n.substr(z - 6, 6);
      };
      return key(a) > key(b);
    });
    for (const std::string& name : names) {
      const std::size_t z = name.rfind("Z-");
      if (name.size() < 5 || name.substr(name.size() - 5) != ".json" || z == std::string::npos || z < 7) continue;
      const std::string command = name.substr(0, z - 7);
      if (seen.count(command) != 0) continue;
      auto doc = util::parse_json_file(parser, reports / day / name);
      if (!doc) {
        status.warnings.push_back(doc.error().message());
        continue;
      }
      seen.insert(command);
      status.last_runs.push_back({command, util::json_string(*doc, "started_at"), util::json_string(*doc, "outcome"),
                                  util::json_int(*doc, "exit_code"), (fs::path("reports") / day / name).string()});
    }
  }
  std::sort(status.last_runs.begin(), status.last_runs.end(),
            [](const auto& a, const auto& b) { return a.command < b.command; });
}

} // namespace

util::Result<VolumeStatus> gather_status(const layout::Layout& layout) {
  std::error_code ec;
  if (!fs::is_directory(layout.root(), ec)) {
    return util::make_error(util::ErrorKind::not_found, "data root " + layout.root().string() + " does not exist",
                            "nothing to report", "run `fetch-kaggle init` or point --data-root at the volume");
  }
  VolumeStatus status;
  status.root = layout.root().string();
  auto version = layout::read_layout_version(layout);
  if (version) status.layout_version = *version;
  else status.warnings.push_back(version.error().message());
  for (std::string_view area : layout::k_areas) status.areas.push_back(scan_area(layout, area));
  collect_datasets(layout, status);
  collect_last_runs(layout, status);
  if (auto free = util::free_bytes(layout.root())) status.free_bytes = *free;
  status.lock_holder = layout::current_lock_holder(layout);
  return status;
}

void write_status_json(std::ostream& out, const VolumeStatus& status) {
  util::JsonWriter json(out);
  json.begin_object().field("schema", "fetch-kaggle/status").field("schema_version", 1);
  json.path_field("data_root", status.root);
  json.key("layout_version");
  if (status.layout_version) json.value(*status.layout_version);
  else json.null();
  json.field("free_bytes", status.free_bytes);
  json.key("lock_holder");
  if (status.lock_holder) json.value(*status.lock_holder);
  else json.null();
  json.key("areas").begin_object();
  for (const AreaStatus& area : status.areas) {
    json.key(area.name).begin_object().field("bytes", area.bytes).key("days").begin_array();
    for (const AreaDay& day : area.days) json.begin_object().field("day", day.day).field("bytes", day.bytes).end_object();
    json.end_array().end_object();
  }
  json.end_object();
  json.key("datasets").begin_array();
  for (const LatestDataset& d : status.datasets) {
    json.begin_object().field("ref", d.ref).field("day", d.day).field("version", d.version);
    json.field("status", d.status).field("fetched_at", d.fetched_at);
    if (!d.copy_day.empty()) json.field("copy_day", d.copy_day).field("copy_version", d.copy_version);
    json.end_object();
  }
  json.end_array();
  json.key("last_runs").begin_array();
  for (const LastRun& r : status.last_runs) {
    json.begin_object().field("command", r.command).field("started_at", r.started_at).field("outcome", r.outcome);
    json.field("exit_code", r.exit_code).field("report", r.report).end_object();
  }
  json.end_array();
  json.key("warnings").begin_array();
  for (const std::string& w : status.warnings) json.value(w);
  json.end_array();
  json.end_object();
}

void write_status_text(std::ostream& out, const VolumeStatus& status) {
  out << "data root   " << status.root << "\n";
  out << "layout      " << (status.layout_version ? "version " + std::to_string(*status.layout_version) : "not initialised (run `fetch-kaggle init`)") << "\n";
  out << "free space  " << util::human_bytes(status.free_bytes) << "\n";
  out << "lock        " << (status.lock_holder ? "held by " + *status.lock_holder : "free") << "\n\n";
  for (const AreaStatus& area : status.areas) {
    out << area.name << ": " << util::human_bytes(area.bytes);
    if (area.name != "metadata") {
      out << " in " << area.days.size() << " day(s)";
      if (!area.days.empty()) out << ", newest " << area.days.front().day << ", oldest " << area.days.back().day;
    }
    out << "\n";
  }
  out << "\ndatasets (latest manifest entry):\n";
  if (status.datasets.empty()) out << "  none yet\n";
  for (const LatestDataset& d : status.datasets) {
    out << "  " << d.ref << "  version " << d.version << "  " << d.status << "  day " << d.day;
    if (d.copy_day.empty()) out << "  (no copy in raw/)";
    else out << "  copy in raw/" << d.copy_day << " (version " << d.copy_version << ")";
    out << "\n";
  }
  out << "\nlast runs:\n";
  if (status.last_runs.empty()) out << "  none yet\n";
  for (const LastRun& r : status.last_runs) {
    out << "  " << r.command << "  " << r.outcome << " (exit " << r.exit_code << ")  " << r.started_at << "  " << r.report << "\n";
  }
  for (const std::string& w : status.warnings) out << "warning: " << w << "\n";
}

} // namespace fk::report
