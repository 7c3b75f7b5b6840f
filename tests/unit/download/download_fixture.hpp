#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace fk::download::test {

// Create (empty) and return a temporary folder unique to this process and `name`.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("fk_test_download_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Remove a temporary folder when the test ends, whatever the outcome.
class TempDir {
public:
  // Create a fresh folder for `name`.
  explicit TempDir(const std::string& name) : m_path(fresh_dir(name)) {}
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

} // namespace fk::download::test
