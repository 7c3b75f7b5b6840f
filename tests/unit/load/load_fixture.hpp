#pragma once

#include "csv/scanner.hpp"
#include "load/sqlite_loader.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fk::test {

// Own a fresh folder under the system's temporary folder, removed with its content at the end.
class LoadTempDir {
public:
  // Create a fresh folder whose name starts with `name`.
  explicit LoadTempDir(const std::string& name) {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("fk-load-" + name + "-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  LoadTempDir(const LoadTempDir&) = delete;
  LoadTempDir& operator=(const LoadTempDir&) = delete;
  ~LoadTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  // Return the folder.
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

// Write `content` to `path`, creating its folders.
inline void write_file(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// Return the content of `path`.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Write `content` to `folder`/`name` and return a loadable TableSource profiled by the scanner.
inline load::TableSource make_source(const std::filesystem::path& folder, const std::string& name,
                                     std::string_view content) {
  write_file(folder / name, content);
  return {name, folder / name, csv::scan_text(content), {}};
}

// Run `sql` on the database at `path` and return every row, cells joined by '|', NULL as "<null>".
inline std::vector<std::string> query(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> rows;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return {"<cannot open>"};
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    rows.push_back(std::string("<error> ") + sqlite3_errmsg(db));
  }
  while (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      if (i > 0) row += '|';
      const unsigned char* text = sqlite3_column_text(statement, i);
      row += text == nullptr ? std::string("<null>") : std::string(reinterpret_cast<const char*>(text));
    }
    rows.push_back(row);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

} // namespace fk::test
