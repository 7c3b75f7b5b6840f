#include "download/transfer_rules.hpp"

#include "net/header_parsers.hpp"

#include <algorithm>
#include <cctype>

namespace fk::download {

std::string_view to_string(StorageVerdict verdict) {
  switch (verdict) {
  case StorageVerdict::complete:
    return "complete";
  case StorageVerdict::restart:
    return "restart";
  case StorageVerdict::renew_url:
    return "renew_url";
  case StorageVerdict::not_found:
    return "not_found";
  case StorageVerdict::retry:
    return "retry";
  }
  return "retry";
}

bool says_expired_token(std::string_view body) {
  return body.find("ExpiredToken") != std::string_view::npos;
}

std::string storage_error_code(std::string_view body) {
  constexpr std::string_view k_open = "<Code>";
  const auto begin = body.find(k_open);
  if (begin == std::string_view::npos) return {};
  const std::string_view rest = body.substr(begin + k_open.size());
  const auto end = rest.find("</Code>");
  if (end == std::string_view::npos || end == 0 || end > 64) return {};
  const std::string_view code = rest.substr(0, end);
  const bool plain = std::all_of(code.begin(), code.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
  });
  return plain ? std::string(code) : std::string();
}

StorageVerdict judge_storage_answer(long status, std::string_view content_range, std::string_view body,
                                    std::uint64_t start, std::optional<std::uint64_t> recorded_bytes) {
  if (status == 416) {
    // Only a length that equals the partial's size (and what the partial recorded, when it knows)
    // proves that every byte is here; anything else means the bytes held are not this object's.
    const auto length = net::parse_unsatisfied_range(content_range);
    const bool whole = start > 0 && length == start && (!recorded_bytes || *recorded_bytes == start);
    return whole ? StorageVerdict::complete : StorageVerdict::restart;
  }
  if (status == 401 || status == 403) return StorageVerdict::renew_url;
  if (status == 400 && says_expired_token(body)) return StorageVerdict::renew_url;
  if (status == 404) return StorageVerdict::not_found;
  return StorageVerdict::retry;
}

} // namespace fk::download
