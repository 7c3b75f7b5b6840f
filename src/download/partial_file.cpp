#include "download/partial_file.hpp"
#include "util/fault_points.hpp"

#include "util/atomic_file.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>

namespace fk::download {

namespace fs = std::filesystem;

bool PartialIdentity::same_object(const PartialIdentity& other) const {
  if (ref != other.ref || version != other.version || object != other.object || file != other.file) return false;
  if (expected_bytes && other.expected_bytes && *expected_bytes != *other.expected_bytes) return false;
  if (!md5_hex.empty() && !other.md5_hex.empty() && md5_hex != other.md5_hex) return false;
  if (crc32c && other.crc32c && *crc32c != *other.crc32c) return false;
  return true;
}

fs::path partial_path(const fs::path& partial_dir, const PartialIdentity& identity) {
  // The prefix (<owner>_<slug>@v<N>@) is what the downloader's cleanup of a published version
  // matches; the hash of the full key keeps `data.csv` and `sub/data.csv` apart.
  const std::string key = identity.ref + '\n' + std::to_string(identity.version) + '\n' +
                          (identity.file.empty() ? std::string("archive") : "file:" + identity.file);
  std::string readable = identity.file.empty() ? std::string("archive") : identity.file;
  if (readable.size() > 100) readable = readable.substr(readable.size() - 100);
  std::string name = identity.ref + "@v" + std::to_string(identity.version) + "@" + readable;
  for (char& c : name) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  if (name.size() > 200) name.resize(200); // room for the hash and ".part.json" under NAME_MAX
  return partial_dir / (name + "." + util::sha256_hex(key).substr(0, 16) + ".part");
}

void discard_partial(const fs::path& partial_dir, const PartialIdentity& identity) {
  const fs::path path = partial_path(partial_dir, identity);
  std::error_code ec;
  fs::remove(path, ec);
  fs::remove(path.string() + ".json", ec);
}

namespace {

std::optional<PartialIdentity> read_identity(const fs::path& path) {
  simdjson::dom::parser parser;
  auto doc = util::parse_json_file(parser, path);
  if (!doc) return std::nullopt;
  PartialIdentity identity;
  identity.ref = util::json_string(*doc, "ref");
  identity.version = util::json_int(*doc, "version");
  identity.object = util::json_string(*doc, "object");
  const std::int64_t expected = util::json_int(*doc, "expected_bytes", -1);
  if (expected >= 0) identity.expected_bytes = static_cast<std::uint64_t>(expected);
  identity.md5_hex = util::json_string(*doc, "md5");
  identity.file = util::json_string(*doc, "file");
  const std::int64_t crc = util::json_int(*doc, "crc32c", -1);
  if (crc >= 0 && crc <= 0xFFFFFFFF) identity.crc32c = static_cast<std::uint32_t>(crc);
  return identity;
}

util::Status write_identity(const fs::path& path, const PartialIdentity& identity) {
  std::ostringstream out;
  util::JsonWriter json(out);
  json.begin_object().field("ref", identity.ref).field("version", identity.version).field("object", identity.object);
  json.key("expected_bytes");
  if (identity.expected_bytes) json.value(*identity.expected_bytes);
  else json.null();
  json.field("md5", identity.md5_hex).field("file", identity.file).key("crc32c");
  if (identity.crc32c) json.value(static_cast<std::uint64_t>(*identity.crc32c));
  else json.null();
  json.end_object();
  return util::write_file_atomic(path, out.str());
}

} // namespace

PartialFile::PartialFile(fs::path path, int fd, std::uint64_t size, PartialIdentity identity)
    : m_path(std::move(path)), m_fd(fd), m_size(size), m_identity(std::move(identity)) {}

PartialFile::PartialFile(PartialFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(other.m_fd), m_size(other.m_size), m_identity(std::move(other.m_identity)) {
  other.m_fd = -1;
}

PartialFile::~PartialFile() {
  if (m_fd >= 0) ::close(m_fd);
}

util::Result<PartialFile> PartialFile::open(const fs::path& partial_dir, const PartialIdentity& identity) {
  if (auto status = util::create_directories(partial_dir); !status) return status.error();
  const fs::path path = partial_path(partial_dir, identity);
  const fs::path identity_file = path.string() + ".json";
  PartialIdentity recorded = identity;
  std::error_code ec;
  bool keep = false;
  if (fs::exists(path, ec)) {
    const auto stored = read_identity(identity_file);
    keep = stored && stored->same_object(identity);
    if (keep) recorded = *stored;
  }
  const int flags = O_RDWR | O_CREAT | O_CLOEXEC | (keep ? 0 : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return util::io_error("cannot open the partial download " + path.string(), errno, partial_dir);
  struct stat info {};
  ::fstat(fd, &info);
  if (!keep) {
    if (auto status = write_identity(identity_file, identity); !status) {
      ::close(fd);
      return status.error();
    }
  }
  return PartialFile(path, fd, static_cast<std::uint64_t>(info.st_size), recorded);
}

util::Status PartialFile::set_identity(const PartialIdentity& identity) {
  m_identity = identity;
  return write_identity(m_path.string() + ".json", identity);
}

util::Status PartialFile::truncate() {
  if (::ftruncate(m_fd, 0) != 0) return util::io_error("cannot truncate " + m_path.string(), errno, m_path.parent_path());
  m_size = 0;
  return util::Ok{};
}

util::Status PartialFile::append(std::string_view bytes) {
  util::fault_point("download: write partial");
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(m_fd, bytes.data(), bytes.size(), static_cast<off_t>(m_size));
    if (n < 0) {
      if (errno == EINTR) continue;
      return util::io_error("cannot write the partial download " + m_path.string(), errno, m_path.parent_path());
    }
    m_size += static_cast<std::uint64_t>(n);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return util::Ok{};
}

util::Result<std::size_t> PartialFile::read_at(std::uint64_t offset, char* buffer, std::size_t length) const {
  while (true) {
    const ssize_t n = ::pread(m_fd, buffer, length, static_cast<off_t>(offset));
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return util::io_error("cannot read the partial download " + m_path.string(), errno, m_path);
  }
}

void PartialFile::sync() const { ::fdatasync(m_fd); }

} // namespace fk::download
