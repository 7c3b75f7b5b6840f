#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "util/error.hpp"

namespace fk::util {

// Parse the JSON file at `path` with `parser` (the element lives as long as the parser's next parse).
// A missing file is not_found; unreadable or malformed JSON is an integrity error naming the file.
Result<simdjson::dom::element> parse_json_file(simdjson::dom::parser& parser, const std::filesystem::path& path);

// Parse JSON text held in memory; `what` names its origin in errors.
Result<simdjson::dom::element> parse_json_text(simdjson::dom::parser& parser, std::string_view text,
                                               std::string_view what);

// Return the string member `key` of `object`, or `fallback` when absent or not a string.
std::string json_string(simdjson::dom::element object, std::string_view key, std::string_view fallback = {});

// Return the integer member `key` (a JSON number or a string of digits), or `fallback`.
std::int64_t json_int(simdjson::dom::element object, std::string_view key, std::int64_t fallback = 0);

// Return the boolean member `key`, or `fallback`.
bool json_bool(simdjson::dom::element object, std::string_view key, bool fallback = false);

// Return the floating-point member `key` (any JSON number), or `fallback`.
double json_double(simdjson::dom::element object, std::string_view key, double fallback = 0.0);

} // namespace fk::util
