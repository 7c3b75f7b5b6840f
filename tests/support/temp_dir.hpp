#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace fk::test {

// Own a fresh folder under the system's temporary folder, removed with its content at the end.
class TempDir {
public:
  // Create a fresh folder whose name starts with `name`.
  explicit TempDir(const std::string& name) {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("fk-" + name + "-" + std::to_string(random()));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  // Return the folder.
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

} // namespace fk::test
