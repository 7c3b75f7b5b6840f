#include "fake_kaggle/api.hpp"

#include "fake_kaggle/json_read.hpp"

#include <cctype>
#include <charconv>

namespace fk::fake_kaggle {

namespace {

// Lower-case `key` and drop '_' so "datasetVersionNumber", "datasetversionnumber" and
// "dataset_version_number" compare equal.
std::string normalize_key(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

util::Error bad_request(std::string what, std::string why) {
  return util::make_error(util::ErrorKind::usage, std::move(what), std::move(why),
                          "send the fields documented in /work/shared/kaggle-api.md");
}

} // namespace

util::Result<ApiRequest> parse_api_request(std::string method, std::string_view body) {
  ApiRequest request;
  request.method = std::move(method);
  const std::string what = "request body of " + request.method;
  simdjson::dom::parser parser;
  auto object = parse_json_object(parser, body, what);
  if (!object) return object.error();
  auto owner = read_string(*object, "ownerSlug", what);
  auto slug = read_string(*object, "datasetSlug", what);
  auto version = read_int(*object, "datasetVersionNumber", what);
  auto file_name = read_string(*object, "fileName", what);
  auto search = read_string(*object, "search", what);
  auto user = read_string(*object, "user", what);
  auto group = read_string(*object, "group", what);
  auto page_token = read_string(*object, "pageToken", what);
  auto page = read_int(*object, "page", what);
  auto page_size = read_int(*object, "pageSize", what);
  auto min_size = read_int(*object, "minSize", what);
  auto max_size = read_int(*object, "maxSize", what);
  for (const util::Error* error :
       {owner ? nullptr : &owner.error(), slug ? nullptr : &slug.error(), version ? nullptr : &version.error(),
        file_name ? nullptr : &file_name.error(), search ? nullptr : &search.error(), user ? nullptr : &user.error(),
        group ? nullptr : &group.error(), page_token ? nullptr : &page_token.error(), page ? nullptr : &page.error(),
        page_size ? nullptr : &page_size.error(), min_size ? nullptr : &min_size.error(),
        max_size ? nullptr : &max_size.error()}) {
    if (error != nullptr) return *error;
  }
  request.owner = owner->value_or("");
  request.slug = slug->value_or("");
  request.version = *version;
  request.file_name = *file_name;
  request.search = search->value_or("");
  request.user = user->value_or("");
  request.group = group->value_or("");
  request.page_token = page_token->value_or("");
  request.page = page->value_or(1);
  request.page_size = page_size->value_or(0);
  request.min_size = min_size->value_or(0);
  request.max_size = max_size->value_or(0);
  return request;
}

util::Result<ApiRequest> legacy_api_request(std::string method, std::string owner, std::string slug,
                                            std::optional<std::string> file_name,
                                            const std::multimap<std::string, std::string>& query) {
  ApiRequest request;
  request.method = std::move(method);
  request.legacy = true;
  request.owner = std::move(owner);
  request.slug = std::move(slug);
  request.file_name = std::move(file_name);
  for (const auto& [raw_key, value] : query) {
    const std::string key = normalize_key(raw_key);
    auto as_int = [&](std::int64_t& target) -> util::Status {
      if (value.empty()) return util::Ok{};
      std::int64_t number = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return bad_request("query parameter " + raw_key, "\"" + value + "\" is not an integer");
      }
      target = number;
      return util::Ok{};
    };
    util::Status parsed = util::Ok{};
    if (key == "datasetversionnumber") {
      std::int64_t number = 0;
      parsed = as_int(number);
      if (number != 0) request.version = number;
    } else if (key == "filename" && !value.empty()) {
      request.file_name = value;
    } else if (key == "search") {
      request.search = value;
    } else if (key == "user") {
      request.user = value;
    } else if (key == "group") {
      request.group = value;
    } else if (key == "pagetoken") {
      request.page_token = value;
    } else if (key == "page") {
      parsed = as_int(request.page);
    } else if (key == "pagesize") {
      parsed = as_int(request.page_size);
    } else if (key == "minsize") {
      parsed = as_int(request.min_size);
    } else if (key == "maxsize") {
      parsed = as_int(request.max_size);
    }
    if (!parsed) return parsed.error();
  }
  return request;
}

std::string url_encode_path(std::string_view path) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xFU];
    }
  }
  return out;
}

} // namespace fk::fake_kaggle
