#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace fk::fake_kaggle {

// Everything the request log keeps about one request and its response.
struct RequestRecord {
  std::string time;   // ISO-8601 UTC with milliseconds, when the request arrived
  std::string method; // GET, POST...
  std::string path;   // percent-decoded path
  std::string query;  // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers; // as received (repeated names joined with ", ")
  std::optional<std::string> body; // request body, for methods that carry one
  int status = 0;
  std::uint64_t bytes_sent = 0;    // response body bytes actually written
  std::optional<std::size_t> fault; // index of the fault rule that applied
  bool auth_on_storage = false;    // a storage request carried Authorization
  std::optional<std::string> api_method; // e.g. "DownloadDataset", for API requests
  std::int64_t duration_us = 0; // from request arrival to the end of the response

  // Return the record as one compact JSON object (no newline).
  [[nodiscard]] std::string to_json() const;
};

// Append records to a JSON-lines file (flushed per line) and keep them for GET /_control/requests.
class RequestLog {
public:
  // Open `file` for appending, or log only in memory when it is empty.
  static util::Result<std::unique_ptr<RequestLog>> open(const std::filesystem::path& file);

  // Append `record` to the file and the in-memory list.
  void append(const RequestRecord& record);

  // Return every record since start (or the last clear) as a JSON array.
  [[nodiscard]] std::string json_array() const;

  // Forget the in-memory records (the file keeps them).
  void clear();

private:
  RequestLog() = default;

  mutable std::mutex m_mutex;
  std::filesystem::path m_path;
  std::ofstream m_file;
  std::vector<std::string> m_lines;
};

} // namespace fk::fake_kaggle
