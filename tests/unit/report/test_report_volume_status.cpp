#include "layout/init_plan.hpp"
#include "report/download_manifest.hpp"
#include "report/run_report.hpp"
#include "report/volume_status.hpp"
#include "util/atomic_file.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace fk::report;

TEST_CASE("gather_status finds days, the latest dataset entries and the last run per command") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_status_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const fk::layout::Layout layout(root);
  const auto now = std::chrono::system_clock::now();
  REQUIRE(fk::layout::execute(fk::layout::plan_init(layout), layout, now).ok());

  for (const std::string day : {"20261120", "20261121"}) {
    fs::create_directories(root / "raw" / day / "o" / "s");
    std::ofstream(root / "raw" / day / "o" / "s" / "f.csv") << "a,b\n1,2\n";
    DownloadManifest manifest;
    manifest.day = day;
    ManifestDataset d;
    d.ref = "o/s";
    d.status = "downloaded";
    d.version = day == "20261121" ? 5 : 4;
    manifest.merge(d);
    REQUIRE(write_manifest(layout.download_manifest(fk::layout::Day::parse(day).value()), manifest).ok());
  }
  std::ofstream(root / "archive" / "20261101.tar.gz") << "x";
  std::ofstream(root / "archive" / ".20261102.tar.gz.tmp-1-ab") << "leftover";

  for (int i = 0; i < 2; ++i) {
    RunReport report;
    report.command = "download";
    report.run_id = "run" + std::to_string(i);
    report.started_at = now + std::chrono::seconds{i};
    report.finished_at = report.started_at;
    report.outcome = i == 0 ? "failed" : "success";
    REQUIRE(write_run_report(layout, report).ok());
  }

  auto status = gather_status(layout);
  REQUIRE(status.ok());
  CHECK(status->layout_version == 1);
  REQUIRE(status->areas.size() == 5);
  CHECK(status->areas[0].name == "raw");
  REQUIRE(status->areas[0].days.size() == 2);
  CHECK(status->areas[0].days[0].day == "20261121"); // newest first
  REQUIRE(status->areas[2].days.size() == 1);        // the temporary is not an archive
  CHECK(status->areas[2].days[0].day == "20261101");
  REQUIRE(status->datasets.size() == 1);
  CHECK(status->datasets[0].version == 5);
  CHECK(status->datasets[0].day == "20261121");
  REQUIRE(status->last_runs.size() == 1);
  CHECK(status->last_runs[0].outcome == "success");
  CHECK_FALSE(status->lock_holder.has_value());
  CHECK(status->free_bytes > 0);

  std::ostringstream text;
  write_status_text(text, *status);
  CHECK(text.str().find("o/s  version 5") != std::string::npos);
  fs::remove_all(root);
}
