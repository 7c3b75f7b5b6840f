#include "retention/day_archive.hpp"

#include "archive/member_digest.hpp"
#include "archive/read_back.hpp"
#include "report/download_manifest.hpp"
#include "retention/archive_record.hpp"
#include "retention/day_check.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

namespace fk::retention {

namespace fs = std::filesystem;

std::string_view format_name(ArchiveFormat format) noexcept {
  return format == ArchiveFormat::tar_zst ? "tar.zst" : "tar.gz";
}

util::Result<ArchiveFormat> parse_archive_format(std::string_view text) {
  if (text == "tar.gz") return ArchiveFormat::tar_gz;
  if (text == "tar.zst") return ArchiveFormat::tar_zst;
  return util::make_error(util::ErrorKind::usage, "unknown archive format '" + std::string(text) + "'", "",
                          "use --format tar.gz or --format tar.zst");
}

fs::path archive_path(const layout::Layout& layout, const layout::Day& day, ArchiveFormat format) {
  return layout.area("archive") / (day.str() + "." + std::string(format_name(format)));
}

fs::path checksum_path(const fs::path& archive) {
  return fs::path(archive.string() + ".sha256");
}

std::string manifest_member(const layout::Day& day) {
  return "raw/" + day.str() + "/download_manifest.json";
}

namespace {

bool is_database(const std::string& name) {
  for (std::string_view suffix : {".sqlite", ".sqlite-journal", ".sqlite-wal", ".sqlite-shm"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

// Add every folder and file below `dir` as members under `prefix`, sorted by member name.
util::Status add_tree(const fs::path& dir, const std::string& prefix, bool skip_databases,
                      std::vector<ArchiveSource>& out) {
  std::vector<ArchiveSource> found;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    if (util::is_atomic_temporary_name(name)) continue; // a killed run's leftover, swept by the next run
    const std::string member = prefix + "/" + path.lexically_relative(dir).generic_string();
    const fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) {
      found.push_back({member, path, true});
    } else if (fs::is_regular_file(status)) {
      if (skip_databases && is_database(name)) continue;
      found.push_back({member, path, false});
    } else {
      return util::make_error(util::ErrorKind::validation, "cannot archive " + path.string(),
                              "not a regular file or folder (a link or a special file)",
                              "remove it from the day folder, then run archive again");
    }
  }
  if (ec) return util::io_error("cannot list " + dir.string(), ec.value(), dir);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.member < b.member; });
  for (ArchiveSource& source : found)
    out.push_back(std::move(source));
  return util::Ok{};
}

} // namespace

util::Result<std::vector<ArchiveSource>> collect_day_sources(const layout::Layout& layout, const layout::Day& day) {
  const fs::path raw = layout.raw_day(day);
  std::error_code ec;
  if (!fs::is_directory(raw, ec)) {
    return util::make_error(util::ErrorKind::not_found, "cannot archive day " + day.str(),
                            raw.string() + " does not exist", "check --date; `fetch-kaggle status` lists the days");
  }
  const fs::path manifest = layout.download_manifest(day);
  if (!fs::is_regular_file(manifest, ec)) {
    return util::make_error(util::ErrorKind::not_found, "cannot archive day " + day.str(),
                            "it has no download_manifest.json to verify the archive against",
                            "run download for that day first");
  }
  std::vector<ArchiveSource> sources{{"raw/" + day.str(), raw, true}, {manifest_member(day), manifest, false}};
  std::vector<ArchiveSource> tree;
  if (auto status = add_tree(raw, "raw/" + day.str(), false, tree); !status) return status.error();
  for (ArchiveSource& source : tree) {
    if (source.member != manifest_member(day)) sources.push_back(std::move(source));
  }
  const fs::path processed = layout.processed_day(day);
  if (fs::is_directory(processed, ec)) {
    sources.push_back({"processed/" + day.str(), processed, true});
    if (auto status = add_tree(processed, "processed/" + day.str(), true, sources); !status) return status.error();
  }
  return sources;
}

namespace {

util::Error integrity_failure(const layout::Day& day, const std::string& why) {
  return util::make_error(util::ErrorKind::integrity, "the archive of day " + day.str() + " failed verification", why,
                          "nothing was published or deleted; run `fetch-kaggle verify --date " + day.str() +
                              "` and download the day again if raw files differ from the manifest");
}

// Check that the members read back are exactly those written, in order, with the same bytes
// (the same size and CRC-32; the SHA-256 too where both sides have one).
std::optional<std::string> compare_with_written(const std::vector<archive::MemberDigest>& written,
                                                const std::vector<archive::MemberDigest>& read) {
  if (written.size() != read.size()) {
    return std::to_string(read.size()) + " members read back, " + std::to_string(written.size()) + " written";
  }
  for (std::size_t i = 0; i < written.size(); ++i) {
    const auto& w = written[i];
    const auto& r = read[i];
    const bool same_sha256 = w.sha256.empty() || r.sha256.empty() || w.sha256 == r.sha256;
    if (w.name != r.name || w.folder != r.folder || w.bytes != r.bytes || w.crc32 != r.crc32 || !same_sha256) {
      return "member " + w.name + " reads back differently (" + r.name + ", " + std::to_string(r.bytes) + " bytes)";
    }
  }
  return std::nullopt;
}

} // namespace

namespace {

// Tell whether raw member `name` (raw/D/<owner>/<slug>/<path>) was superseded on purpose: the day's
// manifest holds a downloaded entry for its dataset that no longer lists the file (a newer version,
// or another --files selection, fetched into the same day after the archive was written).
bool superseded(const report::DownloadManifest* manifest, const std::string& raw_prefix, const std::string& name) {
  if (manifest == nullptr) return false;
  const std::string rest = name.substr(raw_prefix.size());
  const auto owner_end = rest.find('/');
  if (owner_end == std::string::npos) return false;
  const auto slug_end = rest.find('/', owner_end + 1);
  if (slug_end == std::string::npos) return false;
  const report::ManifestDataset* entry = manifest->find(rest.substr(0, slug_end));
  if (entry == nullptr || entry->status != "downloaded") return false;
  const std::string path = rest.substr(slug_end + 1);
  return std::none_of(entry->files.begin(), entry->files.end(),
                      [&](const report::ManifestFile& file) { return file.path == path; });
}

// Refuse to replace the day's archive with one that lacks raw files the old one holds: raw/D pruned
// after it was archived and then written again (a backfill or a migration that did not restore it
// first) would otherwise take the old archive's other datasets with it. A file the day's manifest
// shows was superseded by a later download of its dataset into the day is not lost.
util::Status check_keeps_archived_files(const layout::Layout& layout, const layout::Day& day,
                                        const std::vector<ArchiveSource>& sources) {
  const ArchiveFiles existing = find_archive(layout, day);
  if (!existing.archive || !existing.checksum) return util::Ok{};
  auto old = archive::digest_members(*existing.archive, {}, false);
  if (!old) return util::Ok{}; // an unreadable old archive holds nothing to keep; verify reports it
  std::set<std::string> kept;
  for (const ArchiveSource& source : sources) {
    if (!source.folder) kept.insert(source.member);
  }
  const std::string raw_prefix = "raw/" + day.str() + "/";
  auto manifest = report::read_manifest(layout.download_manifest(day));
  const report::DownloadManifest* current = manifest ? &*manifest : nullptr;
  std::vector<std::string> lost;
  for (const archive::MemberDigest& member : old->members) {
    if (member.folder || member.name.rfind(raw_prefix, 0) != 0 || kept.count(member.name) != 0) continue;
    if (!superseded(current, raw_prefix, member.name)) lost.push_back(member.name);
  }
  if (lost.empty()) return util::Ok{};
  return util::make_error(util::ErrorKind::validation,
                          "cannot archive day " + day.str() + ": " + existing.archive->filename().string() + " holds " +
                              std::to_string(lost.size()) + " file(s) that raw/" + day.str() + " lacks, e.g. " +
                              lost.front(),
                          "raw/" + day.str() + " was written again after it was archived and pruned, so a new archive "
                          "would lose them; both are kept as they are",
                          "restore the old archive beside it (`fetch-kaggle restore --date " + day.str() +
                              " --to DIR`) and download or copy what raw/" + day.str() + " lacks");
}

} // namespace

util::Result<ArchiveOutcome> write_day_archive(const layout::Layout& layout, const layout::Day& day,
                                               const ArchiveOptions& options, util::TimePoint now) {
  auto sources = collect_day_sources(layout, day);
  if (!sources) return sources.error();
  if (auto status = check_keeps_archived_files(layout, day, *sources); !status) return status.error();
  const fs::path target = archive_path(layout, day, options.format);
  if (auto status = util::create_directories(target.parent_path()); !status) return status.error();
  auto file = util::AtomicFile::create(target, 0644);
  if (!file) return file.error();
  auto read_back = archive::ReadBack::start(file->temp_path(), {manifest_member(day)});
  if (!read_back) return read_back.error();
  util::Hasher whole(util::Hasher::Algorithm::sha256);
  archive::ByteSink sink = [&](std::string_view bytes) {
    whole.update(bytes);
    auto status = file->write(bytes);
    if (status) (*read_back)->grew(bytes.size());
    return status;
  };
  const archive::Compression compression =
      options.format == ArchiveFormat::tar_zst ? archive::Compression::zstd : archive::Compression::gzip;
  auto writer = archive::TarWriter::open(sink, {compression, options.level, options.threads});
  if (!writer) return writer.error();
  ArchiveOutcome outcome{target, 0, 0, 0, 0, {}, (*writer)->threads()};
  std::vector<archive::MemberDigest> written;
  for (const ArchiveSource& source : *sources) {
    if (source.folder) {
      struct stat info {};
      const std::int64_t mtime = ::stat(source.path.c_str(), &info) == 0 ? info.st_mtim.tv_sec : 0;
      if (auto status = (*writer)->add_folder(source.member, mtime); !status) return status.error();
      written.push_back({source.member, true, 0, {}, 0});
      continue;
    }
    auto member = (*writer)->add_file(source.member, source.path);
    if (!member) return member.error();
    outcome.input_bytes += member->bytes;
    ++outcome.files;
    written.push_back(std::move(*member));
  }
  auto archive_bytes = (*writer)->finish();
  if (!archive_bytes) return archive_bytes.error();
  writer->reset();
  outcome.members = written.size();
  outcome.archive_bytes = *archive_bytes;
  outcome.sha256 = whole.finish_hex();

  // Verify after write, with the file read back while it was written (archive::ReadBack): the file
  // holds the bytes written (SHA-256); it holds every member with the bytes that went in (size and
  // CRC-32: corruption, not tampering, is the risk between writing and reading back); the bytes that
  // went in match the manifest (their SHA-256, taken while they were read). A second SHA-256 of every
  // member would cost a second of CPU per 1.5 GB and prove nothing more (docs/archive.md).
  auto read = (*read_back)->finish();
  if (!read) return read.error();
  if (read->sha256 != outcome.sha256) return integrity_failure(day, "the archive file differs from the bytes written");
  if (auto difference = compare_with_written(written, read->digest.members)) return integrity_failure(day, *difference);
  auto manifest = report::parse_manifest(read->digest.captured[manifest_member(day)], manifest_member(day));
  if (!manifest) return manifest.error();
  const std::vector<Mismatch> mismatches = compare_with_manifest(*manifest, day, written);
  if (!mismatches.empty()) {
    return integrity_failure(day, std::to_string(mismatches.size()) +
                                      " file(s) differ from the day's manifest, first " + mismatches.front().path +
                                      ": " + mismatches.front().detail);
  }
  if (auto status = file->commit(); !status) return status.error();
  // The record before the checksum file: an archive is one once its checksum file exists, and then it has its record.
  if (auto status = write_archive_record(target, day, now, RecordOrigin::written); !status) return status.error();
  const std::string line = outcome.sha256 + "  " + target.filename().string() + "\n";
  if (auto status = util::write_file_atomic(checksum_path(target), line); !status) return status.error();
  for (ArchiveFormat other : k_archive_formats) {
    if (other == options.format) continue;
    std::error_code ec;
    fs::remove(archive_path(layout, day, other), ec);
    fs::remove(record_path(archive_path(layout, day, other)), ec);
    fs::remove(checksum_path(archive_path(layout, day, other)), ec);
  }
  return outcome;
}

} // namespace fk::retention
