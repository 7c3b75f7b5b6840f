#pragma once

#include "archive/tar_writer.hpp"
#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fk::retention {

// The two archive formats; a day has at most one archive, in either.
enum class ArchiveFormat { tar_gz, tar_zst };

// Both formats, in the order archives are looked up.
inline constexpr std::array<ArchiveFormat, 2> k_archive_formats = {ArchiveFormat::tar_gz, ArchiveFormat::tar_zst};

// Return "tar.gz" or "tar.zst".
std::string_view format_name(ArchiveFormat format) noexcept;

// Parse "tar.gz" or "tar.zst" (a usage Error otherwise).
util::Result<ArchiveFormat> parse_archive_format(std::string_view text);

// Return archive/YYYYMMDD.tar.gz (or .tar.zst).
std::filesystem::path archive_path(const layout::Layout& layout, const layout::Day& day, ArchiveFormat format);

// Return the checksum file beside `archive`: "<archive>.sha256", in `sha256sum -c` format.
std::filesystem::path checksum_path(const std::filesystem::path& archive);

// Return the member name of a day's manifest inside its archive: "raw/YYYYMMDD/download_manifest.json".
std::string manifest_member(const layout::Day& day);

// One folder or file that goes into a day's archive.
struct ArchiveSource {
  std::string member;          // relative name inside the archive, e.g. "raw/20261120/owner/slug/a.csv"
  std::filesystem::path path;  // where it is now
  bool folder = false;
};

// List what a day's archive holds, in member order: raw/D (its manifest first), then processed/D
// without its SQLite databases (they are rebuilt by `process`). A raw day without a manifest is
// not_found; a symbolic link or special file in the day is a validation Error.
util::Result<std::vector<ArchiveSource>> collect_day_sources(const layout::Layout& layout, const layout::Day& day);

// How to write a day's archive.
struct ArchiveOptions {
  ArchiveFormat format = ArchiveFormat::tar_gz;
  int level = 5;
  unsigned threads = 0; // 0: one per core
};

// What writing a day's archive did.
struct ArchiveOutcome {
  std::filesystem::path path;
  std::uint64_t members = 0;
  std::uint64_t files = 0;
  std::uint64_t input_bytes = 0;   // bytes of the files archived
  std::uint64_t archive_bytes = 0; // size of the archive file
  std::string sha256;              // of the archive file
  unsigned threads = 1;
};

// Write the day's archive under a temporary name, read it back and compare every member with what
// was written and with the day's manifest (sha256 per file), then fsync, rename it into place and
// write its written record (dated `now`, the command's clock) and the checksum file beside it; an
// older archive of the day in the other format is removed. Any difference is an integrity Error and
// nothing is published.
util::Result<ArchiveOutcome> write_day_archive(const layout::Layout& layout, const layout::Day& day,
                                               const ArchiveOptions& options, util::TimePoint now);

} // namespace fk::retention
