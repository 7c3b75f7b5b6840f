#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fk::download {

// What a storage answer other than 200 or 206 means for a transfer.
enum class StorageVerdict {
  complete,  // 416 naming the partial's size: the partial already holds every byte
  restart,   // 416 naming another size, or none: the partial is not this object's; fetch it from byte 0
  renew_url, // 400 ExpiredToken, 401 or 403 from storage: the signed URL is dead; ask Kaggle for a new one
  not_found, // 404: the object does not exist
  retry,     // 429, 5xx and anything else: wait and try the same URL again
};

// Return the name of `verdict` ("complete", "restart", ...), for logs.
std::string_view to_string(StorageVerdict verdict);

// Decide what storage's answer `status` (with its `content_range` header and the start of its
// `body`) means for a request that asked from byte `start`, the partial having recorded
// `recorded_bytes` as the object's size (nullopt: not known yet).
StorageVerdict judge_storage_answer(long status, std::string_view content_range, std::string_view body,
                                    std::uint64_t start, std::optional<std::uint64_t> recorded_bytes);

// Return true when `body` is storage's error for an expired signed URL (GCS: <Code>ExpiredToken</Code>).
bool says_expired_token(std::string_view body);

// Return the <Code> of storage's XML error `body` ("ExpiredToken", "AccessDenied"...), or "" when it
// has none that is a plain word (nothing else of an error body is shown: it may echo the request).
std::string storage_error_code(std::string_view body);

} // namespace fk::download
