#include "migrate/report.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

#include <sstream>

namespace fk::migrate {

namespace fs = std::filesystem;

fs::path journal_path(const layout::Layout& layout) {
  return layout.area("reports") / "migrate-journal.json";
}

util::Status write_report_file(const fs::path& path, const ReportHeader& header, const MigrationOutcome& outcome) {
  std::ostringstream text;
  util::JsonWriter json(text);
  json.begin_object().field("schema", "fetch-kaggle/migration-report").field("created_at", header.created_at);
  json.field("run_id", header.run_id).field("layout", header.layout).path_field("from", header.from.string());
  json.field("finished", header.finished).key("items").begin_array();
  for (const ItemOutcome& item : outcome.items) {
    if (!header.finished && item.status == "pending") continue;
    json.begin_object().field("kind", item.item.kind);
    if (!item.item.day.empty()) json.field("day", item.item.day);
    if (!item.item.ref.empty()) json.field("dataset", item.item.ref);
    if (item.item.version >= 0) json.field("version", item.item.version);
    json.path_field("source", item.item.source.string()).path_field("target", item.item.target.string());
    json.field("bytes", item.item.bytes).field("sha256", item.sha256);
    json.field("expected_sha256", item.item.expected_sha256);
    json.field("action", std::string(action_name(item.item.action))).field("status", item.status);
    if (!item.detail.empty()) json.field("detail", item.detail);
    json.end_object();
  }
  json.end_array().end_object();
  text << "\n";
  if (auto created = util::create_directories(path.parent_path()); !created) return created;
  return util::write_file_atomic(path, text.str());
}

util::Result<fs::path> write_migration_report(const layout::Layout& layout, const ReportHeader& header,
                                              const MigrationOutcome& outcome) {
  std::string stamp;
  for (const char c : header.created_at) {
    if (c != '-' && c != ':') stamp += c;
  }
  fs::path path = layout.area("reports") / ("migrate-" + stamp.substr(0, 16) + ".json");
  std::error_code ec;
  for (int n = 2; fs::exists(path, ec); ++n)
    path = layout.area("reports") / ("migrate-" + stamp.substr(0, 16) + "-" + std::to_string(n) + ".json");
  if (auto written = write_report_file(path, header, outcome); !written) return written.error();
  return path;
}

namespace {

// Return the path stored as `name` (or its `name`_hex twin, for bytes that are not UTF-8).
fs::path path_of(simdjson::dom::element object, const std::string& name) {
  const std::string hex = util::json_string(object, name + "_hex");
  std::optional<std::string> bytes = hex.empty() ? std::nullopt : util::from_hex(hex);
  return bytes ? fs::path(*bytes) : fs::path(util::json_string(object, name));
}

// Return the action named `name`.
Action action_of(const std::string& name) {
  if (name == "copy") return Action::copy;
  if (name == "move") return Action::move;
  if (name == "clash") return Action::clash;
  return Action::skip;
}

} // namespace

util::Result<MigrationReport> read_migration_report(const fs::path& path) {
  simdjson::dom::parser parser;
  auto root = util::parse_json_file(parser, path);
  if (!root) return root.error();
  if (util::json_string(*root, "schema") != "fetch-kaggle/migration-report") {
    return util::make_error(util::ErrorKind::usage, path.string() + " is not a migration report",
                            "its schema is not fetch-kaggle/migration-report",
                            "pass a reports/migrate-<time>.json or reports/migrate-journal.json file");
  }
  MigrationReport report;
  report.header = {util::json_string(*root, "created_at"), util::json_string(*root, "run_id"),
                   util::json_string(*root, "layout"), path_of(*root, "from"), util::json_bool(*root, "finished")};
  simdjson::dom::array items;
  if ((*root)["items"].get(items) != simdjson::SUCCESS) return report;
  for (simdjson::dom::element entry : items) {
    ItemOutcome item;
    item.item.kind = util::json_string(entry, "kind");
    item.item.day = util::json_string(entry, "day");
    item.item.ref = util::json_string(entry, "dataset");
    item.item.version = util::json_int(entry, "version", -1);
    item.item.source = path_of(entry, "source");
    item.item.target = path_of(entry, "target");
    item.item.bytes = static_cast<std::uint64_t>(util::json_int(entry, "bytes", 0));
    item.item.expected_sha256 = util::json_string(entry, "expected_sha256");
    item.item.action = action_of(util::json_string(entry, "action"));
    item.sha256 = util::json_string(entry, "sha256");
    item.status = util::json_string(entry, "status");
    item.detail = util::json_string(entry, "detail");
    report.outcome.items.push_back(std::move(item));
  }
  return report;
}

void adopt_journal(MigrationOutcome& current, const MigrationOutcome& journal) {
  for (const ItemOutcome& earlier : journal.items) {
    if (earlier.status != "copied" && earlier.status != "moved" && earlier.status != "sha256_mismatch" &&
        earlier.status != "recorded") {
      continue;
    }
    bool matched = false;
    for (ItemOutcome& item : current.items) {
      if (item.item.kind != earlier.item.kind || item.item.source != earlier.item.source ||
          item.item.target != earlier.item.target || item.item.ref != earlier.item.ref) {
        continue;
      }
      matched = true;
      if (item.status == "skipped") item = earlier; // done by the killed run: it belongs to this migration
      break;
    }
    // A moved source no longer exists, so this run did not see it: keep the killed run's record.
    if (!matched) current.items.push_back(earlier);
  }
}

} // namespace fk::migrate
