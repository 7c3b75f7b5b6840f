#include "fake_kaggle/api_json.hpp"

#include "fake_kaggle/api.hpp"

#include <sstream>

namespace fk::fake_kaggle {

namespace {
const std::string k_site = "https://www.kaggle.com";
} // namespace

std::string file_type(const std::string& name) {
  const auto slash = name.rfind('/');
  const auto dot = name.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return name.substr(dot);
}

void write_api_dataset(util::JsonWriter& json, const Dataset& dataset, const std::vector<DatasetFile>& files) {
  const DatasetMeta& meta = dataset.meta;
  json.begin_object();
  json.field("id", dataset.id()).field("ref", dataset.ref()).field("title", meta.title);
  json.field("subtitle", meta.subtitle).field("creatorName", meta.creator_name).field("creatorUrl", dataset.owner);
  json.field("totalBytes", total_bytes(files));
  json.field("url", k_site + "/datasets/" + dataset.ref());
  json.field("lastUpdated", last_updated_iso(dataset, files));
  json.field("downloadCount", meta.download_count).field("isPrivate", meta.is_private).field("isFeatured", false);
  json.field("licenseName", meta.license_name).field("description", meta.description);
  json.field("ownerName", dataset.owner).field("ownerRef", dataset.owner);
  json.field("kernelCount", 0).field("topicCount", 0).field("viewCount", meta.view_count);
  json.field("voteCount", meta.vote_count).field("currentVersionNumber", dataset.current_version());
  json.field("usabilityRating", meta.usability_rating);
  json.key("tags").begin_array();
  for (const std::string& tag : meta.tags) json.begin_object().field("ref", tag).field("name", tag).end_object();
  json.end_array();
  json.key("files").begin_array().end_array();
  json.key("versions").begin_array();
  for (const std::int64_t number : dataset.versions) {
    json.begin_object().field("versionNumber", number).field("status", "READY").end_object();
  }
  json.end_array();
  json.end_object();
}

void write_api_dataset_file(util::JsonWriter& json, const Dataset& dataset, const DatasetFile& file) {
  json.begin_object();
  json.field("ref", file.name).field("datasetRef", dataset.ref()).field("ownerRef", dataset.owner);
  json.field("name", file.name).field("creationDate", util::format_iso8601(file.mtime, true));
  json.field("description", "").field("fileType", file_type(file.name));
  json.field("url", k_site + "/datasets/" + dataset.ref() + "?select=" + url_encode_path(file.name));
  json.field("totalBytes", file.size);
  json.key("columns").begin_array().end_array();
  json.end_object();
}

void write_dataset_metadata(util::JsonWriter& json, const Dataset& dataset, const std::vector<DatasetFile>& files) {
  const DatasetMeta& meta = dataset.meta;
  json.begin_object().key("info").begin_object();
  json.field("datasetId", dataset.id()).field("datasetSlug", dataset.slug).field("ownerUser", dataset.owner);
  json.field("usabilityRating", meta.usability_rating).field("totalViews", meta.view_count);
  json.field("totalVotes", meta.vote_count).field("totalDownloads", meta.download_count);
  json.field("title", meta.title).field("subtitle", meta.subtitle).field("description", meta.description);
  json.field("isPrivate", meta.is_private);
  json.key("keywords").begin_array();
  for (const std::string& tag : meta.tags) json.value(tag);
  json.end_array();
  const std::string& license = meta.metadata_license_name.empty() ? meta.license_name : meta.metadata_license_name;
  json.key("licenses").begin_array().begin_object().field("name", license).end_object().end_array();
  json.key("collaborators").begin_array().end_array();
  json.key("data").begin_array();
  for (const DatasetFile& file : files) {
    json.begin_object().field("name", file.name).field("description", "").field("totalBytes", file.size);
    json.key("columns").begin_array().end_array().end_object();
  }
  json.end_array();
  json.end_object().end_object();
}

std::string_view google_status_name(int status) {
  switch (status) {
  case 400: return "INVALID_ARGUMENT";
  case 401: return "UNAUTHENTICATED";
  case 403: return "PERMISSION_DENIED";
  case 404: return "NOT_FOUND";
  case 409: return "ALREADY_EXISTS";
  case 416: return "OUT_OF_RANGE";
  case 429: return "RESOURCE_EXHAUSTED";
  case 499: return "CANCELLED";
  case 500: return "INTERNAL";
  case 501: return "UNIMPLEMENTED";
  case 503: return "UNAVAILABLE";
  case 504: return "DEADLINE_EXCEEDED";
  default: return "UNKNOWN";
  }
}

std::string error_body(int status, std::string_view message, ErrorShape shape) {
  std::ostringstream out;
  util::JsonWriter json(out, 0);
  json.begin_object();
  if (shape == ErrorShape::google) {
    json.key("error").begin_object().field("code", status).field("message", message);
    json.field("status", google_status_name(status)).end_object();
  } else {
    json.field("code", status).field("message", message);
  }
  json.end_object();
  return out.str();
}

Reply error_reply(int status, std::string message) {
  Reply reply;
  reply.status = status;
  reply.error_message = std::move(message);
  return reply;
}

} // namespace fk::fake_kaggle
