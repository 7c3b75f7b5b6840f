#pragma once

#include "layout/day.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <optional>
#include <string_view>

namespace fk::retention {

// Where an archive's age for retention comes from: archive/D.tar.gz.written.json beside the
// archive, written atomically with the command's clock, never the file's mtime or the day's name.

// How the written record came about.
enum class RecordOrigin {
  written,    // this version wrote the archive and the record with it
  first_seen, // an older version's archive without a record: recorded by the first run that saw it
};

// Return the record file beside `archive`: "<archive>.written.json".
std::filesystem::path record_path(const std::filesystem::path& archive);

// Return true when `name` (a file name in archive/) is an archive's written record.
bool is_record_name(std::string_view name) noexcept;

// Write the record of `archive` (of `day`) atomically: written at `at`, for `origin`.
util::Status write_archive_record(const std::filesystem::path& archive, const layout::Day& day, util::TimePoint at,
                                  RecordOrigin origin);

// Return the UTC day the record of `archive` says it was written; nullopt without a readable record.
std::optional<layout::Day> read_archive_record(const std::filesystem::path& archive);

} // namespace fk::retention
