#include "retention/tree_check.hpp"

#include "retention/archive_record.hpp"
#include "retention/day_archive.hpp"
#include "util/atomic_file.hpp"
#include "util/fs.hpp"

#include <simdjson.h>
#include <sqlite3.h>

#include <set>

namespace fk::retention {

namespace fs = std::filesystem;

namespace {

// Return `path` relative to the root, as the reports print it.
std::string relative(const layout::Layout& layout, const fs::path& path) {
  return path.lexically_relative(layout.root()).string();
}

// Return true for names readers never see: dotfiles (temporaries, checksums are not dotfiles).
bool hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

// Return an empty string when `path` holds one complete JSON document, else what is wrong.
std::string json_problem(const fs::path& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  const auto error = parser.load(path.string()).get(document);
  return error ? simdjson::error_message(error) : std::string();
}

// Return an empty string when SQLite's quick_check passes on `path`, else its complaint.
std::string database_problem(const fs::path& path) {
  sqlite3* db = nullptr;
  const std::string uri = "file:" + path.string() + "?immutable=1";
  if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "cannot open";
    sqlite3_close(db);
    return message;
  }
  std::string result = "no result";
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    result = text ? reinterpret_cast<const char*>(text) : "";
  } else {
    result = sqlite3_errmsg(db);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result == "ok" ? std::string() : result;
}

// Check every file below `dir` (recursively), skipping hidden subtrees unless `strict`.
void check_files(const layout::Layout& layout, const fs::path& dir, bool strict, std::vector<Mismatch>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    if (hidden(path)) {
      if (strict) out.push_back({relative(layout, path), "leftover", "an interrupted run's temporary or staging folder"});
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    const std::string extension = path.extension().string();
    if (extension == ".json") {
      if (std::string problem = json_problem(path); !problem.empty())
        out.push_back({relative(layout, path), "incomplete-json", problem});
    } else if (extension == ".sqlite") {
      if (std::string problem = database_problem(path); !problem.empty())
        out.push_back({relative(layout, path), "incomplete-database", problem});
    }
  }
}

} // namespace

std::vector<Mismatch> find_unlisted_files(const layout::Layout& layout, const layout::Day& day,
                                          const report::DownloadManifest& manifest) {
  std::set<std::string> listed;
  for (const report::ManifestDataset& dataset : manifest.datasets) {
    if (dataset.status != "downloaded") continue;
    for (const report::ManifestFile& file : dataset.files) listed.insert(dataset.ref + "/" + file.path);
  }
  std::vector<Mismatch> unlisted;
  const fs::path day_dir = layout.raw_day(day);
  std::error_code ec;
  fs::recursive_directory_iterator it(day_dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec)) continue;
    const std::string name = it->path().lexically_relative(day_dir).string();
    if (name == "download_manifest.json" || listed.count(name) > 0) continue;
    unlisted.push_back({"raw/" + day.str() + "/" + name, "unlisted-file", "present, but the day's manifest does not list it"});
  }
  return unlisted;
}

std::vector<Mismatch> check_tree(const layout::Layout& layout, bool strict) {
  std::vector<Mismatch> out;
  std::error_code ec;
  for (std::string_view area : layout::k_areas) {
    if (fs::is_directory(layout.area(area), ec)) check_files(layout, layout.area(area), strict, out);
  }
  for (const std::string& name : util::list_names(layout.area("processed"))) {
    const auto day = layout::Day::parse(name);
    if (!day) continue;
    if (!fs::exists(layout.processed_day(*day) / "validation_report.json", ec)) {
      out.push_back({"processed/" + name, "incomplete-day", "no validation_report.json in a published day"});
    }
  }
  if (strict) {
    for (const std::string& name : util::list_names(layout.staging())) {
      if (name != "partial") out.push_back({".staging/" + name, "leftover", "an interrupted run's staging folder"});
    }
    for (const std::string& name : util::list_names(layout.area("archive"))) {
      const fs::path path = layout.area("archive") / name;
      if (hidden(path) || name.ends_with(".sha256")) continue;
      if (is_record_name(name)) {
        const std::string archive = name.substr(0, name.size() - record_path("").string().size());
        if (!fs::exists(layout.area("archive") / archive, ec))
          out.push_back({"archive/" + name, "leftover", "a written record without its archive"});
        continue;
      }
      if (!fs::exists(checksum_path(path), ec))
        out.push_back({"archive/" + name, "leftover", "an archive without its checksum file (not verified)"});
    }
  }
  return out;
}

} // namespace fk::retention
