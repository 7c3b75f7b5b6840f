#include "util/json_reader.hpp"

#include "util/fs.hpp"

#include <charconv>

namespace fk::util {

Result<simdjson::dom::element> parse_json_file(simdjson::dom::parser& parser, const std::filesystem::path& path) {
  auto content = read_file(path);
  if (!content) return content.error();
  return parse_json_text(parser, *content, path.string());
}

Result<simdjson::dom::element> parse_json_text(simdjson::dom::parser& parser, std::string_view text,
                                               std::string_view what) {
  simdjson::dom::element element;
  const auto error = parser.parse(simdjson::padded_string(text)).get(element);
  if (error) {
    return make_error(ErrorKind::integrity, "cannot parse " + std::string(what), simdjson::error_message(error),
                      "the file is not valid JSON: restore it from its .bak copy or re-run the command that writes it");
  }
  return element;
}

std::string json_string(simdjson::dom::element object, std::string_view key, std::string_view fallback) {
  std::string_view value;
  if (object[key].get(value) == simdjson::SUCCESS) return std::string(value);
  return std::string(fallback);
}

std::int64_t json_int(simdjson::dom::element object, std::string_view key, std::int64_t fallback) {
  simdjson::dom::element member;
  if (object[key].get(member) != simdjson::SUCCESS) return fallback;
  std::int64_t value = 0;
  if (member.get(value) == simdjson::SUCCESS) return value;
  std::uint64_t unsigned_value = 0;
  if (member.get(unsigned_value) == simdjson::SUCCESS) return static_cast<std::int64_t>(unsigned_value);
  double double_value = 0;
  if (member.get(double_value) == simdjson::SUCCESS) {
    // Outside int64's range the cast is undefined: such a number is no usable integer.
    if (!(double_value > -9.2e18 && double_value < 9.2e18)) return fallback;
    return static_cast<std::int64_t>(double_value);
  }
  std::string_view text;
  if (member.get(text) == simdjson::SUCCESS) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && ptr == text.data() + text.size()) return value;
  }
  return fallback;
}

bool json_bool(simdjson::dom::element object, std::string_view key, bool fallback) {
  bool value = false;
  if (object[key].get(value) == simdjson::SUCCESS) return value;
  return fallback;
}

double json_double(simdjson::dom::element object, std::string_view key, double fallback) {
  double value = 0;
  if (object[key].get(value) == simdjson::SUCCESS) return value;
  std::int64_t int_value = 0;
  if (object[key].get(int_value) == simdjson::SUCCESS) return static_cast<double>(int_value);
  return fallback;
}

} // namespace fk::util
