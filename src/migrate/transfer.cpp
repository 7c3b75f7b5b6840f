#include "migrate/transfer.hpp"

#include "util/fault_points.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <algorithm>

namespace fk::migrate {

namespace fs = std::filesystem;

util::Status merge_manifest_entry(const layout::Layout& layout, const std::string& day, report::ManifestDataset entry,
                                  const std::string& now, const std::string& tool_version) {
  const fs::path path = layout.area("raw") / day / "download_manifest.json";
  return report::merge_manifest_file(path, path, std::move(entry), day, now, tool_version);
}

util::Status remove_manifest_entry(const layout::Layout& layout, const std::string& day, const std::string& ref,
                                   const std::string& now) {
  const fs::path path = layout.area("raw") / day / "download_manifest.json";
  auto manifest = report::read_manifest(path);
  if (!manifest)
    return manifest.error().kind == util::ErrorKind::not_found ? util::Status(util::Ok{}) : manifest.error();
  auto& datasets = manifest->datasets;
  const auto end =
      std::remove_if(datasets.begin(), datasets.end(), [&](const report::ManifestDataset& d) { return d.ref == ref; });
  if (end == datasets.end()) return util::Ok{};
  datasets.erase(end, datasets.end());
  if (datasets.empty()) {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return util::io_error("cannot remove " + path.string(), ec.value(), path);
    return util::Ok{};
  }
  manifest->updated_at = now;
  return report::write_manifest(path, *manifest);
}

void prune_empty_dirs(fs::path dir, const fs::path& root) {
  std::error_code ec;
  while (!dir.empty() && dir.parent_path() != root && dir != root && dir.string().starts_with(root.string())) {
    if (!fs::is_empty(dir, ec) || ec || !fs::remove(dir, ec)) return;
    dir = dir.parent_path();
  }
}

// Remove the verified item's source and its emptied folders.
void remove_moved_source(ItemOutcome& item, const fs::path& from) {
  if (!item.remove_source) return;
  item.remove_source = false;
  std::error_code ec;
  util::fault_point("migrate: remove a moved source");
  fs::remove(item.item.source, ec);
  if (ec) {
    item.status = "failed";
    item.detail = "copied and verified, but the source cannot be removed: " + ec.message() + "; remove it by hand";
    return;
  }
  item.status = "moved";
  prune_empty_dirs(item.item.source.parent_path(), from);
}

namespace {

void mark_moved(ItemOutcome& item) {
  item.status = "moved";
  item.remove_source = true;
}

} // namespace

void finish_move(ItemOutcome& item) {
  if (item.status == "sha256_mismatch") {
    item.detail += "; the source is kept for inspection";
    return;
  }
  auto check = util::sha256_file(item.item.target);
  if (!check || *check != item.sha256) {
    item.status = "failed";
    item.detail = "the copy at " + item.item.target.string() + " does not read back as " + item.sha256 +
                  (check ? " (it hashes to " + *check + ")" : " (" + check.error().message() + ")") +
                  "; the source is kept";
    return;
  }
  mark_moved(item);
}

void finish_earlier_copy(ItemOutcome& item) {
  auto source = util::sha256_file(item.item.source);
  auto target = util::sha256_file(item.item.target);
  if (!source || !target || *source != *target) {
    item.status = "failed";
    item.detail = "the source and the copy left by an earlier run differ; both are kept";
    return;
  }
  item.sha256 = *target;
  if (!item.item.expected_sha256.empty() && item.item.expected_sha256 != *source) {
    item.status = "sha256_mismatch";
    item.detail = "the old manifest says " + item.item.expected_sha256 + ", the bytes hash to " + *source +
                  "; the source is kept for inspection";
    return;
  }
  mark_moved(item);
}

} // namespace fk::migrate
