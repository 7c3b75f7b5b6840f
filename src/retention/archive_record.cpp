#include "retention/archive_record.hpp"

#include "util/atomic_file.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

#include <sstream>

namespace fk::retention {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_suffix = ".written.json";

} // namespace

fs::path record_path(const fs::path& archive) {
  return fs::path(archive.string() + std::string(k_suffix));
}

bool is_record_name(std::string_view name) noexcept {
  return name.ends_with(k_suffix);
}

util::Status write_archive_record(const fs::path& archive, const layout::Day& day, util::TimePoint at,
                                  RecordOrigin origin) {
  std::ostringstream text;
  util::JsonWriter json(text);
  json.begin_object().field("day", day.str()).field("archive", archive.filename().string());
  json.field("written_at", util::format_iso8601(at)).field("written_day", layout::Day::from_time(at).str());
  json.field("origin", origin == RecordOrigin::written ? "written" : "first-seen").end_object();
  text << "\n";
  return util::write_file_atomic(record_path(archive), text.str());
}

std::optional<layout::Day> read_archive_record(const fs::path& archive) {
  simdjson::dom::parser parser;
  auto root = util::parse_json_file(parser, record_path(archive));
  if (!root) return std::nullopt;
  auto day = layout::Day::parse(util::json_string(*root, "written_day"));
  if (!day) return std::nullopt;
  return *day;
}

} // namespace fk::retention
