#include "kaggle/api_parse.hpp"

#include <simdjson.h>

#include "util/json_reader.hpp"

namespace fk::kaggle {

namespace {

using util::ErrorKind;
using simdjson::dom::element;

// Longest server message quoted in an error.
constexpr std::size_t k_max_message = 300;

std::string what_of(const CallContext& context) {
  return "Kaggle API " + context.method + " failed for " + context.item;
}

// Keep a server-supplied message printable and short.
std::string clean_message(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, k_max_message)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  if (text.size() > k_max_message) out += "...";
  return out;
}

util::Error bad_body(const CallContext& context, std::string_view why) {
  return util::make_error(ErrorKind::temporary, what_of(context), "unexpected response: " + std::string(why),
                          "check --api-endpoint / KAGGLE_API_ENDPOINT points at the Kaggle API; retry later");
}

// Parse `body` as a JSON object into `parser`'s document; an error when it is not one.
util::Result<element> parse_object(simdjson::dom::parser& parser, std::string_view body, const CallContext& context) {
  element doc;
  if (parser.parse(simdjson::padded_string(body)).get(doc) != simdjson::SUCCESS) {
    return bad_body(context, "the body is not valid JSON");
  }
  if (!doc.is_object()) return bad_body(context, "the body is not a JSON object");
  return doc;
}

std::vector<std::string> string_list(element object, std::string_view key, std::string_view inner_key) {
  std::vector<std::string> out;
  simdjson::dom::array array;
  if (object[key].get(array) != simdjson::SUCCESS) return out;
  for (element item : array) {
    std::string_view text;
    if (item.get(text) == simdjson::SUCCESS) {
      out.emplace_back(text);
    } else if (item.is_object()) {
      std::string value = util::json_string(item, inner_key);
      if (value.empty()) value = util::json_string(item, "ref");
      if (!value.empty()) out.push_back(std::move(value));
    }
  }
  return out;
}

Dataset dataset_from(element object) {
  Dataset dataset;
  dataset.ref = util::json_string(object, "ref");
  dataset.id = util::json_int(object, "id");
  dataset.title = util::json_string(object, "title");
  dataset.subtitle = util::json_string(object, "subtitle");
  dataset.creator_name = util::json_string(object, "creatorName");
  dataset.url = util::json_string(object, "url");
  dataset.license_name = util::json_string(object, "licenseName");
  dataset.total_bytes = util::json_int(object, "totalBytes");
  dataset.last_updated = util::json_string(object, "lastUpdated");
  dataset.download_count = util::json_int(object, "downloadCount");
  dataset.vote_count = util::json_int(object, "voteCount");
  dataset.tags = string_list(object, "tags", "name");
  dataset.is_private = util::json_bool(object, "isPrivate");
  dataset.current_version_number = util::json_int(object, "currentVersionNumber");
  return dataset;
}

std::optional<util::Error> in_band_error(element doc, const CallContext& context) {
  const std::string message = util::json_string(doc, "errorMessage");
  if (message.empty()) return std::nullopt;
  return util::make_error(ErrorKind::usage, what_of(context), "Kaggle says: " + clean_message(message),
                          "check the dataset reference and version on kaggle.com");
}

util::Error error_for_code(long code, const std::string& message, const CallContext& context) {
  const std::string why = "HTTP " + std::to_string(code) + (message.empty() ? "" : ": " + clean_message(message));
  if (code == 401 || code == 403) {
    return util::make_error(ErrorKind::permission, what_of(context), why,
                            "check the Kaggle credentials (fetch-kaggle status shows which are used); if the "
                            "dataset has rules, accept them on its kaggle.com page; private datasets need the "
                            "owner's credentials");
  }
  if (code == 404) {
    return util::make_error(ErrorKind::not_found, what_of(context), why,
                            "check the owner, slug and version on kaggle.com");
  }
  if (code == 429) {
    return util::make_error(ErrorKind::temporary, what_of(context), why,
                            "Kaggle is rate limiting: wait and retry later (fewer parallel runs help)");
  }
  if (code >= 500) {
    return util::make_error(ErrorKind::temporary, what_of(context), why, "Kaggle had a server error: retry later");
  }
  if (code == 400) {
    return util::make_error(ErrorKind::usage, what_of(context), why,
                            "check the dataset reference, version and file name");
  }
  return util::make_error(ErrorKind::usage, what_of(context), why, "check the request and --api-endpoint");
}

} // namespace

std::optional<util::Error> response_error(long status, std::string_view body, const CallContext& context) {
  long code = status;
  std::string message;
  simdjson::dom::parser parser;
  element doc;
  if (!body.empty() && parser.parse(simdjson::padded_string(body)).get(doc) == simdjson::SUCCESS && doc.is_object()) {
    element nested;
    if (doc["error"].get(nested) == simdjson::SUCCESS && nested.is_object()) {
      const auto nested_code = util::json_int(nested, "code");
      if (nested_code >= 400) code = static_cast<long>(nested_code);
      message = util::json_string(nested, "message");
      const std::string status_name = util::json_string(nested, "status");
      if (!status_name.empty()) message += message.empty() ? status_name : " (" + status_name + ")";
    } else {
      const auto body_code = util::json_int(doc, "code");
      if (body_code >= 400 && body_code <= 599) code = static_cast<long>(body_code);
      message = util::json_string(doc, "message");
    }
  }
  if (code < 400 && status < 400) return std::nullopt;
  if (code < 400) code = status;
  return error_for_code(code, message, context);
}

util::Result<Dataset> parse_dataset(std::string_view body, const CallContext& context) {
  simdjson::dom::parser parser;
  auto doc = parse_object(parser, body, context);
  if (!doc) return doc.error();
  return dataset_from(*doc);
}

util::Result<DatasetPage> parse_dataset_page(std::string_view body, const CallContext& context) {
  simdjson::dom::parser parser;
  auto doc = parse_object(parser, body, context);
  if (!doc) return doc.error();
  DatasetPage page;
  simdjson::dom::array array;
  if ((*doc)["datasets"].get(array) == simdjson::SUCCESS) {
    for (element item : array) {
      if (item.is_object()) page.datasets.push_back(dataset_from(item));
    }
  }
  page.next_page_token = util::json_string(*doc, "nextPageToken");
  return page;
}

util::Result<DatasetFilePage> parse_file_page(std::string_view body, const CallContext& context) {
  simdjson::dom::parser parser;
  auto doc = parse_object(parser, body, context);
  if (!doc) return doc.error();
  if (auto error = in_band_error(*doc, context)) return *error;
  DatasetFilePage page;
  simdjson::dom::array array;
  if ((*doc)["datasetFiles"].get(array) == simdjson::SUCCESS) {
    for (element item : array) {
      if (!item.is_object()) continue;
      DatasetFile file;
      file.name = util::json_string(item, "name");
      file.total_bytes = util::json_int(item, "totalBytes");
      file.creation_date = util::json_string(item, "creationDate");
      file.file_type = util::json_string(item, "fileType");
      if (file.name.empty()) return bad_body(context, "a dataset file has no name");
      page.files.push_back(std::move(file));
    }
  }
  page.next_page_token = util::json_string(*doc, "nextPageToken");
  return page;
}

util::Result<DatasetMetadata> parse_metadata(std::string_view body, const CallContext& context) {
  simdjson::dom::parser parser;
  auto doc = parse_object(parser, body, context);
  if (!doc) return doc.error();
  if (auto error = in_band_error(*doc, context)) return *error;
  DatasetMetadata metadata;
  element info;
  if ((*doc)["info"].get(info) != simdjson::SUCCESS || !info.is_object()) return metadata;
  metadata.dataset_id = util::json_int(info, "datasetId");
  metadata.title = util::json_string(info, "title");
  metadata.subtitle = util::json_string(info, "subtitle");
  metadata.description = util::json_string(info, "description");
  metadata.licenses = string_list(info, "licenses", "name");
  metadata.keywords = string_list(info, "keywords", "name");
  metadata.is_private = util::json_bool(info, "isPrivate");
  return metadata;
}

} // namespace fk::kaggle
