#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace fk::fake_kaggle {

// Parse `text` (an empty text counts as `{}`) and return its top-level object; `what` names the source.
util::Result<simdjson::dom::object> parse_json_object(simdjson::dom::parser& parser, std::string_view text,
                                                      std::string_view what);

// Parse `text` and return its top-level array; `what` names the source.
util::Result<simdjson::dom::array> parse_json_array(simdjson::dom::parser& parser, std::string_view text,
                                                    std::string_view what);

// Read string member `key`; nullopt when absent or null, an error when it has another type.
util::Result<std::optional<std::string>> read_string(const simdjson::dom::object& object, std::string_view key,
                                                     std::string_view what);

// Read integer member `key`, given as a JSON number or a decimal string (proto3 int64 style).
util::Result<std::optional<std::int64_t>> read_int(const simdjson::dom::object& object, std::string_view key,
                                                   std::string_view what);

// Read boolean member `key`; nullopt when absent or null.
util::Result<std::optional<bool>> read_bool(const simdjson::dom::object& object, std::string_view key,
                                            std::string_view what);

// Read a number member `key` as a double; nullopt when absent or null.
util::Result<std::optional<double>> read_double(const simdjson::dom::object& object, std::string_view key,
                                                std::string_view what);

// Read member `key` as an array of strings; empty when absent or null.
util::Result<std::vector<std::string>> read_string_array(const simdjson::dom::object& object,
                                                         std::string_view key, std::string_view what);

} // namespace fk::fake_kaggle
