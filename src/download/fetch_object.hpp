#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "download/transfer.hpp"
#include "report/download_manifest.hpp"

namespace fk::download {

// How the fetched bytes are laid down.
enum class Unpack {
  extract, // a zip (or tar): extract every entry into the destination folder
  store,   // a raw file: write it as `store_name` in the destination folder
};

// One storage object to fetch into a staging folder.
struct FetchObject {
  TransferRequest transfer;
  Unpack unpack = Unpack::extract;
  std::filesystem::path destination; // folder in .staging that becomes raw/D/<owner>/<slug>
  std::string store_name;            // for Unpack::store: the file's name in `destination`
  std::string path_prefix;           // prepended to manifest paths ("sub/dir/" for a nested single file)
  std::uint64_t max_total_bytes = 64ULL << 30U;
  std::uint64_t max_entry_bytes = 64ULL << 30U;
  double max_ratio = 0; // per entry, opt-in
};

// What landed in the staging folder.
struct FetchedObject {
  std::vector<report::ManifestFile> files; // relative paths, sizes, sha256, CSV record counts
  std::vector<std::string> warnings;       // duplicates in the archive and the like
  TransferResult transfer;
};

// Fetch one object and, in the same pass, extract it (or store it), hashing every file and
// counting CSV records while the bytes arrive: the network feeds a bounded channel that an
// extraction thread drains, so memory stays bounded whatever the size.
util::Result<FetchedObject> fetch_object(net::HttpClient& http, const FetchObject& request,
                                         const net::RetryPolicy& retry, const ProgressCallback& progress,
                                         util::Logger& log);

} // namespace fk::download
