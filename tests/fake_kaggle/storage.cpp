#include "fake_kaggle/storage.hpp"

#include "fake_kaggle/transfer.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <iostream>

namespace fk::fake_kaggle {

namespace {

util::Error object_not_found(std::string what) {
  return util::make_error(util::ErrorKind::not_found, std::move(what), "no such storage object",
                          "follow the Location of a DownloadDataset answer");
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

// Own an open file descriptor and read from it at offsets.
class FileReader {
public:
  explicit FileReader(int fd) : m_fd(fd) {}
  ~FileReader() { ::close(m_fd); }
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  bool read_at(std::uint64_t offset, char* buffer, std::size_t size) const {
    while (size > 0) {
      const ssize_t n = ::pread(m_fd, buffer, size, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      buffer += n;
      size -= static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
    }
    return true;
  }

private:
  int m_fd;
};

// GCS's error code and message for a status (XML API).
std::pair<std::string_view, std::string_view> gcs_code(int status) {
  switch (status) {
  case 400: return {"InvalidArgument", "Invalid argument."};
  case 401: return {"AuthenticationRequired", "Authentication required."};
  case 403: return {"AccessDenied", "Access denied."};
  case 404: return {"NoSuchKey", "The specified key does not exist."};
  case 416: return {"InvalidRange", "The requested range cannot be satisfied."};
  case 429: return {"SlowDown", "Please reduce your request rate."};
  case 503: return {"ServiceUnavailable", "Service unavailable."};
  default: return {status >= 500 ? "InternalError" : "InvalidArgument", status >= 500 ? "Internal error." : "Invalid argument."};
  }
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

// The reply of a dead signed URL: 400 ExpiredToken, or the 401/403 a fault asked for.
Reply expired_reply(int status) {
  if (status == 400) {
    return storage_error_reply(400, "The provided token has expired. Request signature expired at: " +
                                        http_date(util::system_now()), "ExpiredToken");
  }
  return storage_error_reply(status, "Anonymous caller does not have storage.objects.get access to the object.");
}

} // namespace

Reply storage_error_reply(int status, std::string_view details, std::string_view code_override) {
  auto [code, message] = gcs_code(status);
  if (!code_override.empty()) code = code_override;
  Reply reply;
  reply.status = status;
  reply.content_type = "application/xml; charset=UTF-8";
  reply.body = "<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + std::string(code) + "</Code><Message>" +
               std::string(message) + "</Message>";
  if (!details.empty()) reply.body += "<Details>" + xml_escape(details) + "</Details>";
  reply.body += "</Error>";
  return reply;
}

void ExpiredUrls::expire(const std::string& signature, int status) {
  std::lock_guard lock(m_mutex);
  m_dead[signature] = status;
}

std::optional<int> ExpiredUrls::status_of(const std::string& signature) const {
  std::lock_guard lock(m_mutex);
  const auto found = m_dead.find(signature);
  if (found == m_dead.end()) return std::nullopt;
  return found->second;
}

util::Result<StorageObject> resolve_storage_object(const DatasetStore& store, ZipCache& zips, std::string_view owner,
                                                   std::string_view slug, std::int64_t version, std::string_view name) {
  const std::string what = "storage object " + std::string(owner) + "/" + std::string(slug) + "/" +
                           std::to_string(version) + "/" + std::string(name);
  auto dataset = store.find(owner, slug);
  if (!dataset) return dataset.error();
  auto files = store.files(*dataset, version);
  if (!files) return files.error();
  std::vector<ZipMember> members;
  if (name == "archive.zip") {
    // A hand-made versions/<N>.zip beside versions/<N>/ is served as is (tests of hostile archives).
    const std::filesystem::path prebuilt = dataset->dir / "versions" / (std::to_string(version) + ".zip");
    std::error_code ec;
    if (std::filesystem::is_regular_file(prebuilt, ec)) {
      const auto size = std::filesystem::file_size(prebuilt, ec);
      if (ec) return util::io_error("cannot stat the prebuilt zip " + prebuilt.string(), ec.value(), prebuilt);
      return StorageObject{prebuilt, size, newest_mtime(*files), "application/zip"};
    }
    for (const DatasetFile& file : *files) members.push_back(ZipMember{file.name, file});
  } else {
    const auto exact = std::find_if(files->begin(), files->end(), [&](const DatasetFile& f) { return f.name == name; });
    if (exact != files->end()) {
      return StorageObject{exact->path, exact->size, exact->mtime, "application/octet-stream"};
    }
    if (!name.ends_with(".zip")) return object_not_found(what);
    const std::string_view inner = name.substr(0, name.size() - 4);
    const auto zipped = std::find_if(files->begin(), files->end(), [&](const DatasetFile& f) { return f.name == inner; });
    if (zipped == files->end()) return object_not_found(what);
    const auto slash = zipped->name.rfind('/');
    members.push_back(ZipMember{slash == std::string::npos ? zipped->name : zipped->name.substr(slash + 1), *zipped});
  }
  std::vector<DatasetFile> inputs;
  for (const ZipMember& member : members) inputs.push_back(member.file);
  auto zip = zips.get(dataset->owner, dataset->slug, version, std::string(name), members);
  if (!zip) return zip.error();
  std::error_code ec;
  const auto size = std::filesystem::file_size(*zip, ec);
  if (ec) return util::io_error("cannot stat the cached zip " + zip->string(), ec.value(), *zip);
  return StorageObject{*zip, size, newest_mtime(inputs), "application/zip"};
}

RangeDecision decide_range(std::string_view header, std::uint64_t length) {
  RangeDecision decision;
  if (!header.starts_with("bytes=")) return decision;
  const std::string_view spec = header.substr(6);
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) return decision;
  const auto first = parse_u64(spec.substr(0, dash));
  const auto last = parse_u64(spec.substr(dash + 1));
  if (!first) {
    // bytes=-N: the last N bytes.
    if (!last || *last == 0) return decision;
    if (length == 0) return RangeDecision{false, true, 0, 0};
    return RangeDecision{true, false, length - std::min(*last, length), length - 1};
  }
  if (dash + 1 < spec.size() && (!last || *last < *first)) return decision;
  if (*first >= length) return RangeDecision{false, true, 0, 0};
  return RangeDecision{true, false, *first, last ? std::min(*last, length - 1) : length - 1};
}

std::string http_date(util::TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buffer, n);
}

void handle_storage(const StorageContext& context, const httplib::Request& request, httplib::Response& response) {
  ExchangeNotes& notes = current_notes();
  if (request.has_header("Authorization")) {
    notes.auth_on_storage = true;
    send_reply(response, storage_error_reply(400, "Storage URLs are signed: a request must not carry Authorization"),
               std::nullopt, context.stopping);
    return;
  }
  // A signed URL that expired stays dead, whatever is asked of it.
  const std::string signature = request.get_param_value("X-Goog-Signature");
  if (const auto dead = context.expired.status_of(signature)) {
    send_reply(response, expired_reply(*dead), std::nullopt, context.stopping);
    return;
  }
  const auto fault = context.faults.take(RequestKind::storage, "");
  const FaultRule* rule = fault ? &fault->rule : nullptr;
  if (fault) notes.fault = fault->index;
  if (rule != nullptr && rule->expire_url) {
    const int status = rule->status.value_or(400);
    context.expired.expire(signature, status);
    send_reply(response, expired_reply(status), fault, context.stopping);
    return;
  }
  if (rule != nullptr && rule->status && *rule->status >= 300) {
    send_reply(response, storage_error_reply(*rule->status, "Injected fault"), fault, context.stopping);
    return;
  }
  const auto version = parse_u64(request.matches[3].str());
  auto object = version ? resolve_storage_object(context.store, context.zips, request.matches[1].str(),
                                                 request.matches[2].str(), static_cast<std::int64_t>(*version),
                                                 request.matches[4].str())
                        : util::Result<StorageObject>(object_not_found("storage object " + request.path));
  if (!object) {
    const int status = object.error().kind == util::ErrorKind::not_found ? 404 : 500;
    if (status == 500) std::cerr << "fake-kaggle: error: " << object.error().message() << "\n";
    send_reply(response, storage_error_reply(status, status == 404 ? "No such object: " + request.path : object.error().message()),
               fault, context.stopping);
    return;
  }
  auto digests = context.digests.get(object->file);
  const int fd = ::open(object->file.c_str(), O_RDONLY | O_CLOEXEC);
  if (!digests || fd < 0) {
    const util::Error error = !digests ? digests.error() : util::io_error("cannot open " + object->file.string(), errno, object->file);
    if (fd >= 0) ::close(fd);
    std::cerr << "fake-kaggle: error: " << error.message() << "\n";
    send_reply(response, storage_error_reply(500, error.message()), fault, context.stopping);
    return;
  }
  auto reader = std::make_shared<FileReader>(fd);
  const RangeDecision range = decide_range(request.get_header_value("Range"), object->size);
  if (range.unsatisfiable) {
    response.set_header("Content-Range", "bytes */" + std::to_string(object->size));
    send_reply(response, storage_error_reply(416, "Requested range not satisfiable"), fault, context.stopping);
    return;
  }
  const bool omit = rule != nullptr;
  if (!(omit && rule->omits("Accept-Ranges"))) response.set_header("Accept-Ranges", "bytes");
  if (!(omit && rule->omits("Last-Modified"))) response.set_header("Last-Modified", http_date(object->last_modified));
  if (!(omit && rule->omits("x-goog-hash"))) {
    ObjectDigests reported = *digests;
    if (rule != nullptr && rule->wrong_md5) reported.md5_base64 = util::base64_encode(std::string(16, '\x5A'));
    if (rule != nullptr && rule->wrong_crc32c) reported.crc32c_base64 = util::base64_encode(std::string(4, '\x5A'));
    // A composite object (uploaded in parts) has no md5: GCS reports its crc32c only.
    const bool composite = rule != nullptr && rule->crc32c_only;
    response.set_header("x-goog-hash", composite ? "crc32c=" + reported.crc32c_base64 : reported.header_value());
  }
  std::uint64_t first = 0;
  std::uint64_t length = object->size;
  response.status = 200;
  if (range.partial) {
    response.status = 206;
    first = range.first;
    length = range.last - range.first + 1;
    response.set_header("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) +
                                             "/" + std::to_string(object->size));
  }
  SendOptions options;
  options.length = length;
  options.fault = rule;
  options.throttle = context.throttle;
  options.stopping = &context.stopping;
  send_body(response, object->content_type, [reader, first](std::uint64_t offset, char* buffer, std::size_t size) {
    return reader->read_at(first + offset, buffer, size);
  }, options);
}

} // namespace fk::fake_kaggle
