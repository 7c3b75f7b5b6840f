#pragma once

// Decompress gzip streams in the archive tests.

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

#include <string>

namespace fk::archive::testing {

// Decompress a whole gzip stream (every member) with libarchive's gzip reader.
inline std::string gunzip(const std::string& compressed) {
  struct archive* reader = archive_read_new();
  archive_read_support_filter_gzip(reader);
  archive_read_support_format_raw(reader);
  REQUIRE(archive_read_open_memory(reader, compressed.data(), compressed.size()) == ARCHIVE_OK);
  struct archive_entry* entry = nullptr;
  REQUIRE(archive_read_next_header(reader, &entry) == ARCHIVE_OK);
  std::string out;
  char buffer[65536];
  la_ssize_t n = 0;
  while ((n = archive_read_data(reader, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  REQUIRE(n == 0);
  archive_read_free(reader);
  return out;
}

} // namespace fk::archive::testing
