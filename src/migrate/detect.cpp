#include "migrate/detect.hpp"

namespace fk::migrate {

namespace fs = std::filesystem;
using util::ErrorKind;

std::string_view layout_name(LegacyLayout layout) {
  return layout == LegacyLayout::fetch_kaggle_job ? "fetch-kaggle-job" : "ingestion-engine";
}

util::Result<LegacyLayout> detect_layout(const fs::path& from, std::string_view requested) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) {
    return util::make_error(ErrorKind::usage, "cannot migrate from " + from.string(), "it is not a folder",
                            "pass the root of the old installation with --from");
  }
  if (requested == "fetch-kaggle-job") return LegacyLayout::fetch_kaggle_job;
  if (requested == "ingestion-engine") return LegacyLayout::ingestion_engine;
  if (requested != "auto") {
    return util::make_error(ErrorKind::usage, "unknown layout '" + std::string(requested) + "'",
                            "migrate knows auto, fetch-kaggle-job and ingestion-engine", "pick one of them");
  }
  if (fs::is_directory(from / "kaggle_raw", ec)) return LegacyLayout::fetch_kaggle_job;
  if (fs::is_directory(from / "datasets", ec) || fs::is_regular_file(from / "state" / "tracking_state.json", ec)) {
    return LegacyLayout::ingestion_engine;
  }
  return util::make_error(ErrorKind::usage, "cannot tell the layout of " + from.string(),
                          "found none of kaggle_raw/ (fetch-kaggle-job), datasets/ or state/tracking_state.json "
                          "(ingestion-engine)",
                          "check --from, or name the layout with --layout");
}

} // namespace fk::migrate
