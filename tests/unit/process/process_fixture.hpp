#pragma once

#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "report/download_manifest.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "support/temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace fk::test {

// Write `content` to `path`, creating its folders.
inline void write_bytes(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// Build a hand-made day: raw files of datasets and the manifest that lists them.
class DayBuilder {
public:
  // Build day `day` under the data root `root`.
  DayBuilder(const std::filesystem::path& root, const std::string& day)
      : m_layout(root), m_day(layout::Day::parse(day).value_or_throw()) {
    m_manifest.day = day;
  }

  // Add a downloaded dataset `ref` (owner/slug) at `version`; later add_file calls go to it.
  DayBuilder& dataset(const std::string& ref, std::int64_t version = 1, const std::string& status = "downloaded") {
    report::ManifestDataset entry;
    entry.ref = ref;
    entry.version = version;
    entry.status = status;
    if (status == "unchanged") entry.unchanged_day = "20250101";
    m_manifest.datasets.push_back(std::move(entry));
    return *this;
  }

  // Write `content` as file `path` of the last dataset and list it with its true size and sha256.
  DayBuilder& file(const std::string& path, std::string_view content) {
    report::ManifestDataset& entry = m_manifest.datasets.back();
    const auto slash = entry.ref.find('/');
    write_bytes(m_layout.raw_dataset(m_day, entry.ref.substr(0, slash), entry.ref.substr(slash + 1)) / path, content);
    entry.files.push_back({path, content.size(), util::sha256_hex(content), std::nullopt});
    return *this;
  }

  // Write the manifest to raw/<day>/download_manifest.json.
  void write_manifest() const {
    util::throw_if_error(report::write_manifest(m_layout.download_manifest(m_day), m_manifest));
  }

  // Return the manifest built so far.
  [[nodiscard]] const report::DownloadManifest& manifest() const { return m_manifest; }
  // Return the layout.
  [[nodiscard]] const layout::Layout& layout() const { return m_layout; }
  // Return the day.
  [[nodiscard]] const layout::Day& day() const { return m_day; }

private:
  layout::Layout m_layout;
  layout::Day m_day;
  report::DownloadManifest m_manifest;
};

} // namespace fk::test
