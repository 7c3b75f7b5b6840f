#include "fake_kaggle/json_read.hpp"

#include <charconv>

namespace fk::fake_kaggle {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

util::Error bad_json(std::string_view what, std::string why) {
  return util::make_error(util::ErrorKind::usage, std::string(what), std::move(why),
                          "send a JSON document of the documented shape (see tests/fake_kaggle/README.md)");
}

util::Error bad_member(std::string_view what, std::string_view key, std::string_view expected) {
  return bad_json(what, "member \"" + std::string(key) + "\" must be " + std::string(expected));
}

// Find member `key`; nullopt when it is absent or null.
std::optional<element> find_member(const simdjson::dom::object& object, std::string_view key) {
  element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return std::nullopt;
  if (value.type() == element_type::NULL_VALUE) return std::nullopt;
  return value;
}

util::Result<element> parse_element(simdjson::dom::parser& parser, std::string_view text, std::string_view what) {
  const std::string_view source = text.find_first_not_of(" \t\r\n") == std::string_view::npos ? "{}" : text;
  element root;
  const auto error = parser.parse(simdjson::padded_string(source)).get(root);
  if (error != simdjson::SUCCESS) return bad_json(what, std::string("invalid JSON: ") + simdjson::error_message(error));
  return root;
}

} // namespace

util::Result<simdjson::dom::object> parse_json_object(simdjson::dom::parser& parser, std::string_view text,
                                                      std::string_view what) {
  auto root = parse_element(parser, text, what);
  if (!root) return root.error();
  simdjson::dom::object object;
  if (root->get_object().get(object) != simdjson::SUCCESS) return bad_json(what, "the document is not a JSON object");
  return object;
}

util::Result<simdjson::dom::array> parse_json_array(simdjson::dom::parser& parser, std::string_view text,
                                                    std::string_view what) {
  auto root = parse_element(parser, text, what);
  if (!root) return root.error();
  simdjson::dom::array array;
  if (root->get_array().get(array) != simdjson::SUCCESS) return bad_json(what, "the document is not a JSON array");
  return array;
}

util::Result<std::optional<std::string>> read_string(const simdjson::dom::object& object, std::string_view key,
                                                     std::string_view what) {
  const auto value = find_member(object, key);
  if (!value) return std::optional<std::string>{};
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return bad_member(what, key, "a string");
  return std::optional<std::string>(std::string(text));
}

util::Result<std::optional<std::int64_t>> read_int(const simdjson::dom::object& object, std::string_view key,
                                                   std::string_view what) {
  const auto value = find_member(object, key);
  if (!value) return std::optional<std::int64_t>{};
  std::int64_t number = 0;
  if (value->get_int64().get(number) == simdjson::SUCCESS) return std::optional<std::int64_t>(number);
  std::string_view text;
  if (value->get_string().get(text) == simdjson::SUCCESS) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return std::optional<std::int64_t>(number);
  }
  return bad_member(what, key, "an integer (a JSON number or a decimal string)");
}

util::Result<std::optional<bool>> read_bool(const simdjson::dom::object& object, std::string_view key,
                                            std::string_view what) {
  const auto value = find_member(object, key);
  if (!value) return std::optional<bool>{};
  bool flag = false;
  if (value->get_bool().get(flag) != simdjson::SUCCESS) return bad_member(what, key, "true or false");
  return std::optional<bool>(flag);
}

util::Result<std::optional<double>> read_double(const simdjson::dom::object& object, std::string_view key,
                                                std::string_view what) {
  const auto value = find_member(object, key);
  if (!value) return std::optional<double>{};
  double number = 0;
  if (value->get_double().get(number) != simdjson::SUCCESS) return bad_member(what, key, "a number");
  return std::optional<double>(number);
}

util::Result<std::vector<std::string>> read_string_array(const simdjson::dom::object& object,
                                                         std::string_view key, std::string_view what) {
  std::vector<std::string> out;
  const auto value = find_member(object, key);
  if (!value) return out;
  simdjson::dom::array array;
  if (value->get_array().get(array) != simdjson::SUCCESS) return bad_member(what, key, "an array of strings");
  for (element item : array) {
    std::string_view text;
    if (item.get_string().get(text) != simdjson::SUCCESS) return bad_member(what, key, "an array of strings");
    out.emplace_back(text);
  }
  return out;
}

} // namespace fk::fake_kaggle
