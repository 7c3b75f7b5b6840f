#include "retention/restore.hpp"

#include "archive/extract.hpp"
#include "archive/output.hpp"
#include "layout/publish.hpp"
#include "report/download_manifest.hpp"
#include "retention/day_archive.hpp"
#include "retention/day_check.hpp"
#include "util/fault_points.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <map>

namespace fk::retention {

namespace fs = std::filesystem;

namespace {

util::Error integrity(const layout::Day& day, const std::string& why) {
  return util::make_error(util::ErrorKind::integrity, "cannot restore day " + day.str(), why,
                          "the archive is damaged: restore it from a copy of archive/, or download the day again");
}

// Read the file behind `fd` in 1 MiB chunks.
archive::ChunkSource read_chunks(const archive::UniqueFd& fd, const fs::path& path) {
  return [&fd, path]() -> util::Result<std::optional<std::string>> {
    std::string chunk(1U << 20U, '\0');
    while (true) {
      const ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return util::io_error("cannot read " + path.string(), errno, path);
      if (n == 0) return std::optional<std::string>{};
      chunk.resize(static_cast<std::size_t>(n));
      return std::optional<std::string>(std::move(chunk));
    }
  };
}

// Return the sha256 of every file below `dir`, keyed by its path relative to `base`.
std::map<std::string, std::string> hash_tree(const fs::path& dir, const fs::path& base) {
  std::map<std::string, std::string> hashes;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto sha256 = util::sha256_file(it->path());
    hashes[it->path().lexically_relative(base).generic_string()] = sha256 ? *sha256 : "unreadable";
  }
  return hashes;
}

// Check the archive file against its checksum file.
util::Status check_checksum(const fs::path& archive, const layout::Day& day) {
  auto line = util::read_file(checksum_path(archive));
  if (!line) return integrity(day, "no checksum file beside " + archive.string() + ": an interrupted run's leftover");
  auto actual = util::sha256_file(archive);
  if (!actual) return actual.error();
  if (line->substr(0, line->find(' ')) != *actual) {
    return integrity(day, archive.string() + " does not match its checksum file (bit rot or tampering)");
  }
  return util::Ok{};
}

// Return the datasets that the manifest at `current` lists as downloaded with other files than
// `archived` lists (written into the day after it was archived). Empty when both agree, or when the
// current manifest cannot be read: then it is what is damaged, and the archive's copy is the repair.
std::vector<std::string> downloaded_since(const fs::path& current, const report::DownloadManifest& archived) {
  auto manifest = report::read_manifest(current);
  if (!manifest) return {};
  std::vector<std::string> refs;
  for (const report::ManifestDataset& dataset : manifest->datasets) {
    if (dataset.status != "downloaded") continue;
    const report::ManifestDataset* old = archived.find(dataset.ref);
    bool same = old != nullptr && old->status == "downloaded" && old->version == dataset.version &&
                old->files.size() == dataset.files.size();
    if (same) {
      std::map<std::string, std::string> kept;
      for (const report::ManifestFile& file : old->files) kept[file.path] = file.sha256;
      for (const report::ManifestFile& file : dataset.files) {
        const auto found = kept.find(file.path);
        same = same && found != kept.end() && found->second == file.sha256;
      }
    }
    if (!same) refs.push_back(dataset.ref);
  }
  return refs;
}

} // namespace

util::Result<RestoreOutcome> restore_day(const layout::Layout& layout, const layout::Day& day,
                                         const std::optional<fs::path>& to, const std::string& run_id, bool replace) {
  const ArchiveFiles files = find_archive(layout, day);
  if (!files.archive) {
    return util::make_error(util::ErrorKind::not_found, "cannot restore day " + day.str(),
                            "archive/" + day.str() + ".tar.gz (or .tar.zst) does not exist",
                            "check --date; `fetch-kaggle status` lists the archived days");
  }
  RestoreOutcome outcome;
  outcome.archive = *files.archive;
  if (auto status = check_checksum(*files.archive, day); !status) return status.error();
  const fs::path dest_root = to ? fs::absolute(*to) : layout.root();
  const fs::path staging = to ? dest_root / (".fk-restore-" + run_id) : layout.staging() / ("restore-" + run_id);
  if (auto status = util::create_directories(staging); !status) return status.error();
  const util::RemoveOnExit cleanup(staging);

  archive::UniqueFd fd(::open(files.archive->c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return util::io_error("cannot open " + files.archive->string(), errno, *files.archive);
  archive::ExtractOptions options;
  options.source_name = files.archive->string();
  options.max_total_bytes = ~std::uint64_t{0} >> 1U; // our own verified archive: no bomb limits
  options.max_entry_bytes = options.max_total_bytes;
  options.min_free_bytes = std::nullopt; // as before: a full volume fails the write itself (no_space)
  auto summary = archive::extract_stream(read_chunks(fd, *files.archive), staging, options);
  if (!summary) return summary.error();

  const std::string raw_prefix = "raw/" + day.str() + "/";
  const std::string processed_prefix = "processed/" + day.str() + "/";
  std::vector<archive::MemberDigest> members;
  for (const archive::EntryResult& file : summary->files) {
    if (!file.path.starts_with(raw_prefix) && !file.path.starts_with(processed_prefix)) {
      return integrity(day, "unexpected member " + file.path + " (not below raw/" + day.str() + " or processed/" + day.str() + ")");
    }
    members.push_back({file.path, false, file.bytes, file.sha256});
    ++outcome.files;
    outcome.bytes += file.bytes;
  }
  auto manifest = report::read_manifest(staging / manifest_member(day));
  if (!manifest) return integrity(day, "the archive holds no readable " + manifest_member(day));
  const std::vector<Mismatch> mismatches = compare_with_manifest(*manifest, day, members);
  if (!mismatches.empty()) {
    return integrity(day, std::to_string(mismatches.size()) + " file(s) differ from the manifest inside, first " +
                              mismatches.front().path + ": " + mismatches.front().detail);
  }

  outcome.raw_day = dest_root / "raw" / day.str();
  std::error_code ec;
  if (fs::exists(outcome.raw_day, ec)) {
    if (hash_tree(outcome.raw_day, dest_root) == hash_tree(staging / "raw" / day.str(), staging)) {
      outcome.already_present = true;
    } else if (!replace) {
      return util::make_error(util::ErrorKind::usage, "refusing to overwrite " + outcome.raw_day.string(),
                              "it holds a different day than the archive",
                              "add --replace to swap in the archive's verified copy (the current raw/" + day.str() +
                                  " is deleted), or restore into another folder with --to DIR");
    } else if (const auto newer = downloaded_since(dest_root / manifest_member(day), *manifest); !newer.empty()) {
      std::string refs; // every dataset of the day, pinned to the version it holds
      if (auto current = report::read_manifest(dest_root / manifest_member(day))) {
        for (const report::ManifestDataset& dataset : current->datasets) {
          if (dataset.status == "downloaded") refs += " " + dataset.ref + "/" + std::to_string(dataset.version);
        }
      }
      return util::make_error(util::ErrorKind::usage, "refusing to replace " + outcome.raw_day.string() + " by its archive",
                              std::to_string(newer.size()) + " dataset(s) were downloaded into the day after it was "
                              "archived (" + newer.front() + "), and the archive would lose them",
                              "repair the day with `fetch-kaggle download --date " + day.str() + " --force" + refs +
                                  "`, then `fetch-kaggle archive --date " + day.str() +
                                  "`; or restore into another folder with --to DIR");
    } else {
      // The damaged day stays in place until the one rename that swaps in the verified copy; then it
      // lies in the staging folder, deleted with it (or by the next run's sweep if this one is killed).
      util::fault_point("restore: before replace");
      if (auto status = layout::publish_dir(staging / "raw" / day.str(), outcome.raw_day); !status) return status.error();
      outcome.replaced = true;
    }
  } else if (auto status = layout::publish_dir(staging / "raw" / day.str(), outcome.raw_day); !status) {
    return status.error();
  }
  const fs::path processed = dest_root / "processed" / day.str();
  if (fs::is_directory(staging / "processed" / day.str(), ec) && !fs::exists(processed, ec)) {
    if (auto status = layout::publish_dir(staging / "processed" / day.str(), processed); !status) return status.error();
    outcome.processed_restored = true;
  }
  return outcome;
}

} // namespace fk::retention
