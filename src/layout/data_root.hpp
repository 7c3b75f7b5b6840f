#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "layout/day.hpp"

namespace fk::layout {

// The default data root when neither --data-root nor KAGGLE_DATA_ROOT is set.
inline constexpr std::string_view k_default_data_root = "/data/kaggle";

// Pick the data root: `flag` (--data-root), else `env_value` (KAGGLE_DATA_ROOT), else /data/kaggle.
std::filesystem::path resolve_data_root(const std::optional<std::string>& flag, const char* env_value);

// The visible areas of a data root, in the order status lists them.
inline constexpr std::array<std::string_view, 5> k_areas = {"raw", "processed", "archive", "reports", "metadata"};

// Compute every path under one data root; the only place that knows the folder names.
class Layout {
public:
  // Describe the layout rooted at `root` (made absolute).
  explicit Layout(std::filesystem::path root);

  // Return the data root.
  [[nodiscard]] const std::filesystem::path& root() const { return m_root; }
  // Return `root/<area>`.
  [[nodiscard]] std::filesystem::path area(std::string_view name) const { return m_root / name; }
  // Return raw/YYYYMMDD.
  [[nodiscard]] std::filesystem::path raw_day(const Day& day) const { return area("raw") / day.str(); }
  // Return raw/YYYYMMDD/<owner>/<slug>.
  [[nodiscard]] std::filesystem::path raw_dataset(const Day& day, std::string_view owner, std::string_view slug) const {
    return raw_day(day) / owner / slug;
  }
  // Return raw/YYYYMMDD/download_manifest.json.
  [[nodiscard]] std::filesystem::path download_manifest(const Day& day) const {
    return raw_day(day) / "download_manifest.json";
  }
  // Return processed/YYYYMMDD.
  [[nodiscard]] std::filesystem::path processed_day(const Day& day) const { return area("processed") / day.str(); }
  // Return reports/YYYYMMDD.
  [[nodiscard]] std::filesystem::path reports_day(const Day& day) const { return area("reports") / day.str(); }
  // Return the hidden staging area, on the same filesystem, that consumers never read.
  [[nodiscard]] std::filesystem::path staging() const { return m_root / ".staging"; }
  // Return the run lock file.
  [[nodiscard]] std::filesystem::path lock_file() const { return m_root / ".lock"; }
  // Return the layout version file.
  [[nodiscard]] std::filesystem::path layout_file() const { return m_root / "layout.json"; }

private:
  std::filesystem::path m_root;
};

} // namespace fk::layout
