#include "retention/day_check.hpp"

#include "archive/member_digest.hpp"
#include "retention/day_archive.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>

namespace fk::retention {

namespace fs = std::filesystem;

std::vector<Mismatch> compare_with_manifest(const report::DownloadManifest& manifest, const layout::Day& day,
                                            const std::vector<archive::MemberDigest>& members) {
  std::map<std::string, const archive::MemberDigest*> by_name;
  for (const archive::MemberDigest& member : members) {
    if (!member.folder) by_name[member.name] = &member;
  }
  std::vector<Mismatch> mismatches;
  for (const report::ManifestDataset& dataset : manifest.datasets) {
    if (dataset.status != "downloaded") continue; // unchanged and failed entries have no files in this day
    for (const report::ManifestFile& file : dataset.files) {
      const std::string name = "raw/" + day.str() + "/" + dataset.ref + "/" + file.path;
      auto it = by_name.find(name);
      if (it == by_name.end()) {
        mismatches.push_back({name, "missing-file", "listed in the manifest, not found"});
        continue;
      }
      const archive::MemberDigest& found = *it->second;
      if (found.bytes != file.bytes) {
        mismatches.push_back({name, "byte-count", "manifest " + std::to_string(file.bytes) + " bytes, found " +
                                                      std::to_string(found.bytes)});
      }
      if (found.sha256 != file.sha256) {
        mismatches.push_back({name, "hash-count", "manifest sha256 " + file.sha256 + ", found " + found.sha256});
      }
    }
  }
  return mismatches;
}

util::Result<std::vector<Mismatch>> verify_raw_day(const layout::Layout& layout, const layout::Day& day) {
  std::error_code ec;
  if (!fs::is_directory(layout.raw_day(day), ec)) {
    return util::make_error(util::ErrorKind::not_found, "cannot verify day " + day.str(),
                            layout.raw_day(day).string() + " does not exist",
                            "check --date; add --archives to check the day's archive instead");
  }
  const fs::path manifest_path = layout.download_manifest(day);
  if (!fs::exists(manifest_path, ec)) {
    // A folder with no visible file has nothing a manifest could miss (a run stopped before publishing).
    const bool empty = std::none_of(fs::recursive_directory_iterator(layout.raw_day(day), ec), fs::recursive_directory_iterator(),
                                    [](const fs::directory_entry& entry) { return entry.is_regular_file(); });
    if (empty && !ec) return std::vector<Mismatch>{};
    return std::vector<Mismatch>{{"raw/" + day.str() + "/download_manifest.json", "no-manifest",
                                  "the day has no manifest to check its files against"}};
  }
  auto manifest = report::read_manifest(manifest_path);
  if (!manifest) {
    return std::vector<Mismatch>{{"raw/" + day.str() + "/download_manifest.json", "unreadable", manifest.error().message()}};
  }
  std::vector<archive::MemberDigest> found;
  for (const report::ManifestDataset& dataset : manifest->datasets) {
    if (dataset.status != "downloaded") continue;
    for (const report::ManifestFile& file : dataset.files) {
      const std::string name = "raw/" + day.str() + "/" + dataset.ref + "/" + file.path;
      const fs::path path = layout.raw_day(day) / dataset.ref / file.path;
      struct stat info {};
      if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue; // reported as missing-file
      util::throw_if_stop_requested();
      auto sha256 = util::sha256_file(path);
      if (!sha256) continue;
      found.push_back({name, false, static_cast<std::uint64_t>(info.st_size), *sha256});
    }
  }
  return compare_with_manifest(*manifest, day, found);
}

ArchiveFiles find_archive(const layout::Layout& layout, const layout::Day& day) {
  ArchiveFiles files;
  std::error_code ec;
  for (ArchiveFormat format : k_archive_formats) {
    const fs::path path = archive_path(layout, day, format);
    const bool has_archive = fs::is_regular_file(path, ec);
    const bool has_checksum = fs::is_regular_file(checksum_path(path), ec);
    if (has_archive && (!files.archive || (has_checksum && !files.checksum))) {
      files.archive = path;
      files.checksum = has_checksum;
    } else if (!has_archive && has_checksum) {
      files.orphan_checksum = checksum_path(path);
    }
  }
  return files;
}

util::Result<ArchiveCheck> verify_archive(const fs::path& archive, const layout::Day& day) {
  ArchiveCheck check;
  const std::string name = archive.string();
  auto line = util::read_file(checksum_path(archive));
  if (!line) {
    check.mismatches.push_back({name, "no-checksum", "no " + checksum_path(archive).filename().string() +
                                                         ": an interrupted run's leftover, not an archive"});
    return check;
  }
  const std::string expected = line->substr(0, line->find(' '));
  auto actual = util::sha256_file(archive);
  if (!actual) {
    check.mismatches.push_back({name, "unreadable", actual.error().message()});
    return check;
  }
  if (expected != *actual || line->find("  " + archive.filename().string()) == std::string::npos) {
    check.mismatches.push_back({name, "checksum", "checksum file says " + expected + ", the file hashes to " + *actual});
    return check; // the members cannot be trusted either; reading them may not even succeed
  }
  auto digest = archive::digest_members(archive, {manifest_member(day)});
  if (!digest) {
    if (digest.error().kind == util::ErrorKind::interrupted) return digest.error();
    check.mismatches.push_back({name, "unreadable", digest.error().message()});
    return check;
  }
  check.members = digest->members.size();
  auto captured = digest->captured.find(manifest_member(day));
  if (captured == digest->captured.end()) {
    check.mismatches.push_back({name, "no-manifest", "the archive holds no " + manifest_member(day)});
    return check;
  }
  check.manifest_sha256 = util::sha256_hex(captured->second);
  auto manifest = report::parse_manifest(captured->second, manifest_member(day));
  if (!manifest) {
    check.mismatches.push_back({name, "unreadable", manifest.error().message()});
    return check;
  }
  for (Mismatch& mismatch : compare_with_manifest(*manifest, day, digest->members)) {
    mismatch.path = name + ":" + mismatch.path;
    check.mismatches.push_back(std::move(mismatch));
  }
  return check;
}

} // namespace fk::retention
