#include "process/validator.hpp"

#include "process/table_schema.hpp"
#include "util/fs.hpp"
#include "util/ordered_parallel.hpp"

#include <algorithm>
#include <numeric>
#include <thread>

namespace fk::process {

util::Result<ValidationReport> validate_plan(const ProcessPlan& plan, const ValidateOptions& options,
                                             const FileObserver& on_file) {
  ValidationReport report;
  report.day = plan.day;
  report.created_at = options.created_at;
  report.tool_version = options.tool_version;
  report.fail_on = options.fail_on;
  report.skipped = plan.skipped;
  struct Item {
    std::size_t dataset;
    const PlannedFile* file;
    std::shared_ptr<const TableContract> contract;
  };
  std::vector<Item> items;
  for (const PlannedDataset& dataset : plan.datasets) {
    report.datasets.push_back(DatasetResult{dataset.ref, dataset.version, {}});
    for (const PlannedFile& file : dataset.files) {
      auto contract = file.is_csv ? find_contract(options.schemas, dataset.ref, file.path) : nullptr;
      items.push_back({report.datasets.size() - 1, &file, std::move(contract)});
    }
  }
  // Start the largest files first, so that the cores run out of work at about the same time.
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return items[a].file->expected_bytes > items[b].file->expected_bytes;
  });
  const unsigned threads = options.threads > 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  std::optional<util::Error> failure;
  util::ordered_parallel<util::Result<FileResult>>(
      items.size(), threads, order,
      [&](std::size_t i) { return check_file(*items[i].file, options.scan, items[i].contract.get()); },
      [&](std::size_t i, util::Result<FileResult>& checked) {
        if (!checked) {
          failure = checked.error();
          return false;
        }
        DatasetResult& dataset = report.datasets[items[i].dataset];
        if (on_file) on_file(dataset.ref, *checked);
        dataset.files.push_back(std::move(*checked));
        return true;
      });
  if (failure) return *failure;
  return report;
}

util::Result<std::filesystem::path> write_validation_outputs(const layout::Layout& layout, const layout::Day& day,
                                                             const ValidationReport& report,
                                                             const std::vector<std::string>& missing_values) {
  const std::filesystem::path folder = layout.processed_day(day);
  if (auto created = util::create_directories(folder); !created) return created.error();
  for (const DatasetResult& dataset : report.datasets) {
    for (const FileResult& file : dataset.files) {
      if (!file.profile || !file.schema.empty()) continue;
      const auto path = table_schema_path(layout, day, dataset.ref, file.path);
      if (auto written = write_table_schema(path, *file.profile, missing_values); !written) return written.error();
    }
  }
  const std::filesystem::path path = folder / "validation_report.json";
  if (auto written = write_validation_report(path, report); !written) return written.error();
  return path;
}

std::optional<util::Error> validation_failure(const ValidationReport& report,
                                              const std::filesystem::path& report_path) {
  const ReportTotals totals = compute_totals(report);
  if (has_integrity_issues(report)) {
    return util::make_error(util::ErrorKind::integrity,
                            std::to_string(totals.corrupt_files) + " raw file(s) of day " + report.day +
                                " are missing or differ from the download manifest",
                            "their size or sha256 no longer match (bit rot, tampering or an interrupted copy); see " +
                                report_path.string(),
                            "download the day again with `fetch-kaggle download --force --date " + report.day + "`");
  }
  if (!passes(totals.problems, report.fail_on)) {
    return util::make_error(
        util::ErrorKind::validation,
        "day " + report.day + " failed validation (--fail-on " + std::string(fail_on_name(report.fail_on)) + ")",
        std::to_string(totals.problems.errors) + " error(s) and " + std::to_string(totals.problems.warnings) +
            " warning(s) in " + std::to_string(totals.files) + " file(s)",
        "read " + report_path.string());
  }
  return std::nullopt;
}

} // namespace fk::process
