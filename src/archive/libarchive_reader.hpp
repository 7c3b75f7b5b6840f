#pragma once

#include "archive/entry_reader.hpp"

#include <memory>

namespace fk::archive {

// Return a reader of tar archives (plain or gzip/bzip2/xz/zstd-compressed) and of zips, through
// libarchive's streaming reader (zip entries from their local headers, never seeking).
std::unique_ptr<EntryReader> make_libarchive_reader(Source& source);

} // namespace fk::archive
