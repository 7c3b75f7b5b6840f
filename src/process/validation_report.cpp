#include "process/validation_report.hpp"

#include "csv/profile_json.hpp"
#include "util/atomic_file.hpp"
#include "util/json_writer.hpp"

#include <map>
#include <sstream>

namespace fk::process {

SeverityCounts& SeverityCounts::operator+=(const SeverityCounts& other) {
  errors += other.errors;
  warnings += other.warnings;
  infos += other.infos;
  return *this;
}

namespace {

void add(SeverityCounts& counts, csv::Severity severity, std::uint64_t n) {
  switch (severity) {
  case csv::Severity::error:
    counts.errors += n;
    return;
  case csv::Severity::warning:
    counts.warnings += n;
    return;
  case csv::Severity::info:
    counts.infos += n;
    return;
  }
}

// Call `visit(code, severity, count)` for every problem code `file` has.
template <class Visit> void for_each_code(const FileResult& file, Visit&& visit) {
  for (const IntegrityIssue& issue : file.integrity)
    visit(std::string_view(issue.code), csv::Severity::error, std::uint64_t{1});
  if (!file.profile) return;
  for (std::size_t i = 0; i < csv::k_error_code_count; ++i) {
    const auto code = static_cast<csv::ErrorCode>(i);
    const std::uint64_t count = file.profile->error_counts[i].count;
    if (count > 0) visit(csv::error_code_name(code), file.profile->severity(code), count);
  }
}

void write_counts(util::JsonWriter& json, const SeverityCounts& counts) {
  json.field("errors", counts.errors).field("warnings", counts.warnings).field("infos", counts.infos);
}

void write_file(util::JsonWriter& json, const FileResult& file, FailOn fail_on) {
  const SeverityCounts counts = count_problems(file);
  json.begin_object();
  json.path_field("path", file.path);
  json.field("kind", file.is_csv ? "csv" : "other");
  json.key("table_schema");
  if (file.schema.empty())
    json.null();
  else
    json.value(file.schema);
  std::string_view status = "checked";
  if (!file.intact())
    status = "corrupt";
  else if (file.profile)
    status = "scanned";
  json.field("status", status);
  json.field("valid", passes(counts, fail_on));
  json.field("bytes", file.bytes).field("sha256", file.sha256);
  json.field("expected_bytes", file.expected_bytes).field("expected_sha256", file.expected_sha256);
  json.key("records");
  if (file.profile)
    json.value(file.profile->records);
  else
    json.null();
  write_counts(json, counts);
  json.key("integrity_errors").begin_array();
  for (const IntegrityIssue& issue : file.integrity) {
    json.begin_object()
        .field("code", issue.code)
        .field("severity", "error")
        .field("message", issue.message)
        .end_object();
  }
  json.end_array();
  json.key("profile");
  if (file.profile)
    csv::write_profile_json(json, *file.profile);
  else
    json.null();
  json.end_object();
}

} // namespace

SeverityCounts count_problems(const FileResult& file) {
  SeverityCounts counts;
  for_each_code(file, [&](std::string_view, csv::Severity severity, std::uint64_t n) { add(counts, severity, n); });
  return counts;
}

bool passes(const SeverityCounts& counts, FailOn fail_on) {
  switch (fail_on) {
  case FailOn::error:
    return counts.errors == 0;
  case FailOn::warning:
    return counts.errors == 0 && counts.warnings == 0;
  case FailOn::never:
    return true;
  }
  return counts.errors == 0;
}

ReportTotals compute_totals(const ValidationReport& report) {
  ReportTotals totals;
  std::map<std::string, CodeCount, std::less<>> by_code;
  totals.datasets = report.datasets.size();
  for (const DatasetResult& dataset : report.datasets) {
    for (const FileResult& file : dataset.files) {
      ++totals.files;
      totals.bytes += file.bytes;
      if (!file.intact()) ++totals.corrupt_files;
      if (!file.is_csv) ++totals.other_files;
      if (file.profile) {
        ++totals.csv_files;
        totals.records += file.profile->records;
      }
      for_each_code(file, [&](std::string_view code, csv::Severity severity, std::uint64_t n) {
        add(totals.problems, severity, n);
        auto [it, inserted] = by_code.try_emplace(std::string(code), CodeCount{std::string(code), severity, 0});
        it->second.count += n;
      });
    }
  }
  for (auto& [code, count] : by_code)
    totals.by_code.push_back(std::move(count));
  return totals;
}

bool report_valid(const ValidationReport& report) {
  return passes(compute_totals(report).problems, report.fail_on);
}

bool has_integrity_issues(const ValidationReport& report) {
  for (const DatasetResult& dataset : report.datasets) {
    for (const FileResult& file : dataset.files) {
      if (!file.intact()) return true;
    }
  }
  return false;
}

void write_validation_report_json(std::ostream& out, const ValidationReport& report) {
  const ReportTotals totals = compute_totals(report);
  util::JsonWriter json(out);
  json.begin_object();
  json.field("schema", "fetch-kaggle/validation-report").field("schema_version", 1);
  json.field("day", report.day).field("created_at", report.created_at).field("tool_version", report.tool_version);
  json.field("fail_on", fail_on_name(report.fail_on));
  json.field("valid", passes(totals.problems, report.fail_on));
  json.key("totals").begin_object();
  json.field("datasets", totals.datasets).field("files", totals.files).field("csv_files", totals.csv_files);
  json.field("other_files", totals.other_files).field("corrupt_files", totals.corrupt_files);
  json.field("records", totals.records).field("bytes", totals.bytes);
  write_counts(json, totals.problems);
  json.key("by_code").begin_object();
  for (const CodeCount& code : totals.by_code) {
    json.key(code.code)
        .begin_object()
        .field("severity", csv::severity_name(code.severity))
        .field("count", code.count)
        .end_object();
  }
  json.end_object();
  json.end_object();
  json.key("datasets").begin_array();
  for (const DatasetResult& dataset : report.datasets) {
    SeverityCounts counts;
    for (const FileResult& file : dataset.files)
      counts += count_problems(file);
    json.begin_object().field("ref", dataset.ref).field("version", dataset.version);
    json.field("valid", passes(counts, report.fail_on));
    write_counts(json, counts);
    json.key("files").begin_array();
    for (const FileResult& file : dataset.files)
      write_file(json, file, report.fail_on);
    json.end_array().end_object();
  }
  json.end_array();
  json.key("skipped_datasets").begin_array();
  for (const SkippedDataset& skipped : report.skipped) {
    json.begin_object()
        .field("ref", skipped.ref)
        .field("status", skipped.status)
        .field("reason", skipped.reason)
        .end_object();
  }
  json.end_array();
  json.end_object();
  out << "\n";
}

util::Status write_validation_report(const std::filesystem::path& path, const ValidationReport& report) {
  std::ostringstream out;
  write_validation_report_json(out, report);
  return util::write_file_atomic(path, out.str());
}

} // namespace fk::process
