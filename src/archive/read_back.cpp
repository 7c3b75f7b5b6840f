#include "archive/read_back.hpp"

#include "util/fs.hpp"
#include "util/hash.hpp"

#include <cerrno>
#include <fcntl.h>
#include <utility>

namespace fk::archive {

util::Result<std::unique_ptr<ReadBack>> ReadBack::start(const std::filesystem::path& path,
                                                        std::set<std::string> capture) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return util::io_error("cannot open " + path.string() + " to read it back", errno, path);
  return std::unique_ptr<ReadBack>(new ReadBack(std::move(fd), path, std::move(capture)));
}

ReadBack::ReadBack(UniqueFd fd, std::filesystem::path path, std::set<std::string> capture)
    : m_tail(std::move(fd)), m_path(std::move(path)), m_capture(std::move(capture)) {
  m_thread = std::thread([this] {
    util::Hasher file_hash(util::Hasher::Algorithm::sha256);
    const ReadFn read = [&](char* buffer, std::size_t size, std::string& error) {
      const long got = m_tail.read(buffer, size, error);
      if (got > 0) file_hash.update(buffer, static_cast<std::size_t>(got));
      return got;
    };
    auto digest = digest_stream(read, m_path.string(), m_capture, false);
    if (!digest) {
      m_result = digest.error();
      return;
    }
    m_result = ReadBackResult{file_hash.finish_hex(), std::move(*digest)};
  });
}

ReadBack::~ReadBack() {
  m_tail.close(false);
  if (m_thread.joinable()) m_thread.join();
}

util::Result<ReadBackResult> ReadBack::finish() {
  m_tail.close(true);
  m_thread.join();
  return std::move(*m_result);
}

} // namespace fk::archive
