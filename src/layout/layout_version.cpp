#include "layout/layout_version.hpp"

#include "util/atomic_file.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"
#include "util/version.hpp"

#include <sstream>

namespace fk::layout {

util::Result<std::optional<int>> read_layout_version(const Layout& layout) {
  std::error_code ec;
  if (!std::filesystem::exists(layout.layout_file(), ec)) return std::optional<int>{};
  simdjson::dom::parser parser;
  auto doc = util::parse_json_file(parser, layout.layout_file());
  if (!doc) return doc.error();
  const std::int64_t version = util::json_int(*doc, "layout_version", -1);
  if (version < 0) {
    return util::make_error(util::ErrorKind::integrity, "invalid " + layout.layout_file().string(),
                            "no layout_version (0 or more)", "restore the file or run `fetch-kaggle migrate --upgrade`");
  }
  return std::optional<int>{static_cast<int>(version)};
}

util::Status check_layout_compatible(const Layout& layout) {
  auto version = read_layout_version(layout);
  if (!version) return version.error();
  if (!version->has_value() || **version == k_layout_version) return util::Ok{};
  const std::string found = std::to_string(**version);
  if (**version > k_layout_version) {
    return util::make_error(util::ErrorKind::usage, "data root " + layout.root().string() + " has layout version " + found,
                            "this fetch-kaggle " + std::string(util::k_version) + " understands up to version " +
                                std::to_string(k_layout_version),
                            "upgrade fetch-kaggle");
  }
  return util::make_error(util::ErrorKind::usage, "data root " + layout.root().string() + " has layout version " + found,
                          "this fetch-kaggle writes version " + std::to_string(k_layout_version),
                          "run `fetch-kaggle migrate --upgrade` first");
}

util::Status write_layout_file(const Layout& layout, util::TimePoint now, int version) {
  std::ostringstream out;
  util::JsonWriter json(out);
  json.begin_object()
      .field("schema", "fetch-kaggle/layout")
      .field("layout_version", version)
      .field("written_by", std::string("fetch-kaggle ") + util::k_version)
      .field("written_at", util::format_iso8601(now))
      .end_object();
  return util::write_file_atomic(layout.layout_file(), out.str());
}

} // namespace fk::layout
