#include "archive/entry_reader.hpp"

#include "archive/output.hpp"
#include "util/signals.hpp"

#include <utility>

namespace fk::archive {

Source::Source(const ChunkSource& pull, std::string first) : m_pull(&pull) {
  if (!first.empty()) m_first = std::move(first);
}

util::Result<std::optional<std::string>> Source::take() {
  if (m_first) {
    std::string first = std::move(*m_first);
    m_first.reset();
    m_consumed += first.size();
    return std::optional<std::string>(std::move(first));
  }
  while (!m_ended) {
    if (util::stop_requested()) {
      m_error = interrupted_error("cannot finish reading the archive");
      return *m_error;
    }
    auto next = [&]() -> util::Result<std::optional<std::string>> {
      try {
        return (*m_pull)();
      } catch (const std::exception& error) {
        return util::make_error(util::ErrorKind::internal, "cannot read the archive's source", error.what());
      }
    }();
    if (!next.ok()) {
      m_error = next.error();
      return next.error();
    }
    if (!next->has_value()) {
      m_ended = true;
      break;
    }
    if ((*next)->empty()) continue;
    m_consumed += (*next)->size();
    return std::move(*next);
  }
  return std::optional<std::string>();
}

util::Result<std::optional<std::string_view>> Source::next() {
  auto chunk = take();
  if (!chunk.ok()) return chunk.error();
  if (!chunk->has_value()) return std::optional<std::string_view>();
  m_chunk = std::move(**chunk);
  return std::optional<std::string_view>(m_chunk);
}

util::Status Source::drain(const std::string& name) {
  while (true) {
    if (util::stop_requested()) return interrupted_error("cannot finish reading " + name);
    auto chunk = take();
    if (!chunk.ok()) return chunk.error();
    if (!chunk->has_value()) return util::Ok{};
  }
}

util::Error archive_damaged(std::string why) {
  return util::make_error(util::ErrorKind::validation, "", std::move(why),
                          "download it again; if the error repeats, the file on the server is damaged or is "
                          "not a zip or tar archive");
}

util::Error archive_unsupported(std::string why) {
  return util::make_error(util::ErrorKind::validation, "", std::move(why),
                          "downloading again will not help: unpack it with a tool that reads it, or report the "
                          "dataset (Kaggle serves plain deflated zips)");
}

} // namespace fk::archive
