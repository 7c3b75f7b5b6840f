#include "report/run_report.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"
#include "util/version.hpp"

#include <array>
#include <random>
#include <sstream>

namespace fk::report {

namespace {
constexpr std::array<std::string_view, 6> k_secret_options = {"--key", "--token", "--password", "--api-key",
                                                              "--pushgateway-password", "--secret"};

bool is_secret_option(std::string_view name) {
  for (std::string_view option : k_secret_options) {
    if (name == option) return true;
  }
  return false;
}

// Mask the password in "scheme://user:password@host/..." URLs (the last '@' of the authority ends
// the user information, so a password may hold '@' itself).
std::string redact_url_password(std::string text) {
  const std::size_t scheme = text.find("://");
  if (scheme == std::string::npos) return text;
  const std::size_t authority_end = text.find('/', scheme + 3);
  const std::size_t at = text.rfind('@', authority_end == std::string::npos ? std::string::npos : authority_end);
  if (at == std::string::npos || at < scheme + 3) return text;
  const std::size_t colon = text.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return text;
  return text.substr(0, colon + 1) + "***" + text.substr(at);
}
} // namespace

std::string new_run_id() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  static constexpr char digits[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 12; ++i) id += digits[digit(device)];
  return id;
}

std::string redact_url_passwords(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t space = text.find_first_of(" \t\n", start);
    const std::size_t end = space == std::string_view::npos ? text.size() : space;
    out += redact_url_password(std::string(text.substr(start, end - start)));
    if (space == std::string_view::npos) break;
    out += text[space];
    start = space + 1;
  }
  return out;
}

std::vector<std::string> redact_arguments(const std::vector<std::string>& arguments) {
  std::vector<std::string> out;
  bool mask_next = false;
  for (const std::string& argument : arguments) {
    if (mask_next) {
      out.emplace_back("***");
      mask_next = false;
      continue;
    }
    const std::size_t equals = argument.find('=');
    const std::string name = argument.substr(0, equals);
    if (is_secret_option(name)) {
      if (equals == std::string::npos) {
        out.push_back(argument);
        mask_next = true;
      } else {
        out.push_back(name + "=***");
      }
      continue;
    }
    out.push_back(redact_url_password(argument));
  }
  return out;
}

void write_run_report_json(std::ostream& out, const RunReport& report) {
  util::JsonWriter json(out);
  json.begin_object();
  json.field("schema", "fetch-kaggle/run-report").field("schema_version", 1);
  json.field("command", report.command).field("run_id", report.run_id);
  json.field("tool_version", util::k_version);
  json.field("started_at", util::format_iso8601(report.started_at, true));
  json.field("finished_at", util::format_iso8601(report.finished_at, true));
  json.field("duration_seconds", util::seconds_between(report.started_at, report.finished_at));
  json.key("arguments").begin_array();
  for (const std::string& argument : report.arguments) json.value(argument);
  json.end_array();
  json.path_field("data_root", report.data_root);
  json.field("day", report.day);
  json.field("outcome", report.outcome).field("exit_code", report.exit_code);
  json.key("counts").begin_object();
  for (const auto& [name, value] : report.counts) json.field(name, value);
  json.end_object();
  json.key("errors").begin_array();
  for (const ReportError& error : report.errors) {
    json.begin_object().field("kind", error.kind).field("message", error.message);
    if (!error.item.empty()) json.path_field("item", error.item);
    json.end_object();
  }
  json.end_array();
  json.key("warnings").begin_array();
  for (const std::string& warning : report.warnings) json.value(warning);
  json.end_array();
  json.end_object();
}

std::filesystem::path run_report_path(const layout::Layout& layout, const RunReport& report) {
  const std::string day = util::format_day(report.started_at);
  return layout.area("reports") / day /
         (report.command + "-" + util::format_hhmmss(report.started_at) + "Z-" + report.run_id + ".json");
}

util::Result<std::filesystem::path> write_run_report(const layout::Layout& layout, const RunReport& report) {
  const std::filesystem::path path = run_report_path(layout, report);
  if (auto status = util::create_directories(path.parent_path()); !status) return status.error();
  std::ostringstream out;
  write_run_report_json(out, report);
  if (auto status = util::write_file_atomic(path, out.str()); !status) return status.error();
  return path;
}

} // namespace fk::report
