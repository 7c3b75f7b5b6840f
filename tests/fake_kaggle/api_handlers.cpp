#include "fake_kaggle/api.hpp"

#include "fake_kaggle/api_json.hpp"
#include "util/hash.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <random>
#include <sstream>
#include <variant>

namespace fk::fake_kaggle {

namespace {

constexpr std::int64_t k_default_files_page = 20;
constexpr std::int64_t k_max_files_page = 200;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Reply json_reply(const std::ostringstream& out) {
  Reply reply;
  reply.body = out.str();
  return reply;
}

Reply reply_for(const util::Error& error) {
  if (error.kind == util::ErrorKind::not_found) return error_reply(404, "Not found: " + error.what);
  if (error.kind == util::ErrorKind::usage) return error_reply(400, error.message());
  return error_reply(500, error.message());
}

std::string random_signature() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string bytes;
  for (int i = 0; i < 4; ++i) {
    const std::uint64_t word = generator();
    for (int shift = 0; shift < 64; shift += 8) bytes += static_cast<char>((word >> shift) & 0xFFU);
  }
  return util::to_hex(bytes);
}

// A dataset the caller may see, with the files of the requested version.
struct Resolved {
  Dataset dataset;
  std::int64_t version = 0;
  std::vector<DatasetFile> files;
};

// Find the dataset and version of `request` and check that `caller` may see them.
std::variant<Resolved, Reply> resolve(const ApiContext& context, const Caller& caller, const ApiRequest& request) {
  if (request.owner.empty() || request.slug.empty()) return error_reply(400, "ownerSlug and datasetSlug are required");
  auto dataset = context.store.find(request.owner, request.slug);
  if (!dataset) return reply_for(dataset.error());
  if (!caller.may_see(dataset->owner, dataset->meta.is_private)) {
    return error_reply(403, "Permission denied: " + dataset->ref() + " is private");
  }
  const std::int64_t version = request.version.value_or(0) > 0 ? *request.version : dataset->current_version();
  auto files = context.store.files(*dataset, version);
  if (!files) return reply_for(files.error());
  return Resolved{std::move(*dataset), version, std::move(*files)};
}

Reply list_datasets(const ApiContext& context, const Caller& caller, const ApiRequest& request) {
  if (request.page < 1) return error_reply(400, "page must be 1 or more");
  const std::string group = lower(request.group);
  const bool mine = group.size() >= 2 && group.ends_with("my");
  if (mine && caller.anonymous) return error_reply(401, "Unauthenticated: group MY needs credentials");
  const std::string needle = lower(request.search);
  std::vector<std::pair<Dataset, std::vector<DatasetFile>>> matches;
  for (Dataset& dataset : context.store.list()) {
    if (!caller.may_see(dataset.owner, dataset.meta.is_private)) continue;
    if (!request.user.empty() && dataset.owner != request.user) continue;
    if (mine && dataset.owner != caller.name) continue;
    if (!needle.empty() && lower(dataset.ref()).find(needle) == std::string::npos &&
        lower(dataset.meta.title).find(needle) == std::string::npos) {
      continue;
    }
    auto files = context.store.files(dataset, dataset.current_version());
    if (!files) return reply_for(files.error());
    const auto size = static_cast<std::int64_t>(total_bytes(*files));
    if (size < request.min_size || (request.max_size > 0 && size > request.max_size)) continue;
    matches.emplace_back(std::move(dataset), std::move(*files));
  }
  const auto first = static_cast<std::size_t>((request.page - 1) * context.list_page_size);
  const auto last = std::min(matches.size(), first + static_cast<std::size_t>(context.list_page_size));
  std::ostringstream out;
  util::JsonWriter json(out, 0);
  if (!request.legacy) json.begin_object().key("datasets");
  json.begin_array();
  for (std::size_t i = first; i < last; ++i) write_api_dataset(json, matches[i].first, matches[i].second);
  json.end_array();
  if (!request.legacy) json.field("nextPageToken", "").end_object();
  return json_reply(out);
}

Reply list_dataset_files(const ApiContext& context, const Caller& caller, const ApiRequest& request) {
  auto resolved = resolve(context, caller, request);
  if (auto* reply = std::get_if<Reply>(&resolved)) return *reply;
  const Resolved& found = std::get<Resolved>(resolved);
  std::int64_t page_size = request.page_size <= 0 ? k_default_files_page : request.page_size;
  page_size = std::min(page_size, k_max_files_page);
  std::size_t offset = 0;
  if (!request.page_token.empty()) {
    const auto decoded = util::base64_decode(request.page_token);
    const auto [end, ec] = decoded ? std::from_chars(decoded->data(), decoded->data() + decoded->size(), offset)
                                   : std::from_chars_result{nullptr, std::errc::invalid_argument};
    if (!decoded || ec != std::errc() || end != decoded->data() + decoded->size() || offset > found.files.size()) {
      return error_reply(400, "invalid pageToken \"" + request.page_token + "\"");
    }
  }
  const std::size_t last = std::min(found.files.size(), offset + static_cast<std::size_t>(page_size));
  std::ostringstream out;
  util::JsonWriter json(out, 0);
  json.begin_object().key("datasetFiles").begin_array();
  for (std::size_t i = offset; i < last; ++i) write_api_dataset_file(json, found.dataset, found.files[i]);
  json.end_array();
  json.field("nextPageToken", last < found.files.size() ? util::base64_encode(std::to_string(last)) : "");
  json.end_object();
  return json_reply(out);
}

Reply download_dataset(const ApiContext& context, const Caller& caller, const ApiRequest& request) {
  auto resolved = resolve(context, caller, request);
  if (auto* reply = std::get_if<Reply>(&resolved)) return *reply;
  const Resolved& found = std::get<Resolved>(resolved);
  std::string object = "archive.zip";
  if (request.file_name && !request.file_name->empty()) {
    const auto file = std::find_if(found.files.begin(), found.files.end(),
                                   [&](const DatasetFile& f) { return f.name == *request.file_name; });
    if (file == found.files.end()) {
      return error_reply(404, "Not found: file " + *request.file_name + " in " + found.dataset.ref() + " version " +
                                  std::to_string(found.version));
    }
    object = file->size > context.zip_single_files_above ? file->name + ".zip" : file->name;
  }
  Reply reply;
  reply.status = 302;
  reply.content_type.clear();
  reply.location = context.storage_base + "/storage/" + url_encode_path(found.dataset.owner) + "/" +
                   url_encode_path(found.dataset.slug) + "/" + std::to_string(found.version) + "/" +
                   url_encode_path(object) +
                   "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=fake-kaggle&X-Goog-Expires=3600"
                   "&X-Goog-SignedHeaders=host&X-Goog-Signature=" + random_signature();
  return reply;
}

} // namespace

Reply handle_api(const ApiContext& context, const Caller& caller, const ApiRequest& request) {
  if (request.method == "ListDatasets") return list_datasets(context, caller, request);
  if (request.method == "ListDatasetFiles") return list_dataset_files(context, caller, request);
  if (request.method == "DownloadDataset") return download_dataset(context, caller, request);
  if (request.method != "GetDataset" && request.method != "GetDatasetMetadata" && request.method != "GetDatasetStatus") {
    return error_reply(404, "Not found: method " + request.method + " is not served by fake-kaggle");
  }
  auto resolved = resolve(context, caller, request);
  if (auto* reply = std::get_if<Reply>(&resolved)) return *reply;
  const Resolved& found = std::get<Resolved>(resolved);
  std::ostringstream out;
  util::JsonWriter json(out, 0);
  if (request.method == "GetDataset") {
    write_api_dataset(json, found.dataset, found.files);
  } else if (request.method == "GetDatasetMetadata") {
    write_dataset_metadata(json, found.dataset, found.files);
  } else if (request.legacy) {
    json.value("ready");
  } else {
    json.begin_object().field("status", "READY").end_object();
  }
  return json_reply(out);
}

} // namespace fk::fake_kaggle
