#pragma once

#include "csv/scanner.hpp"
#include "load/sqlite_loader.hpp"
#include "load/table_load.hpp"
#include "support/temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fk::test {

// The load tests name it LoadTempDir.
using LoadTempDir = TempDir;

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
