#pragma once

#include "archive/entry_reader.hpp"

#include <memory>

namespace fk::archive {

// Return a reader of zip archives from their local headers, in one pass and without seeking, that
// inflates with ISA-L (several times faster than zlib) and checks every entry's CRC-32 and sizes.
//
// It reads stored and deflated entries, with or without data descriptors and Zip64 sizes, and
// takes UTF-8 names from the Info-ZIP Unicode path field when the stored name is not UTF-8; a
// backslash in a name is read as '/', as libarchive and unzip do. Encrypted entries and other
// compression methods are refused with a validation Error that says so. The central directory is not read: the reader
// stops at its first header. Entry types come from libarchive's 'xl' field (a Unix mode in the local header) where
// there is one; links recorded only in the central directory arrive as small files.
std::unique_ptr<EntryReader> make_zip_stream_reader(Source& source);

} // namespace fk::archive
