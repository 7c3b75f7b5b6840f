#include "load/rejected_writer.hpp"

#include "util/fs.hpp"

#include <system_error>

namespace fk::load {

namespace {

constexpr std::size_t k_flush_bytes = std::size_t{1} << 20;

} // namespace

void append_csv_field(std::string& out, std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

RejectedWriter::RejectedWriter(std::filesystem::path target, std::vector<std::string> labels)
    : m_target(std::move(target)), m_labels(std::move(labels)) {}

util::Status RejectedWriter::add(std::span<const std::string_view> cells, std::string_view reason) {
  if (!m_file) {
    if (auto created = util::create_directories(m_target.parent_path()); !created) return created.error();
    auto file = util::AtomicFile::create(m_target);
    if (!file) return file.error();
    m_file.emplace(std::move(*file));
    for (const std::string& label : m_labels) {
      append_csv_field(m_buffer, label);
      m_buffer += ',';
    }
    m_buffer += "_reason\r\n";
  }
  for (const std::string_view cell : cells) {
    append_csv_field(m_buffer, cell);
    m_buffer += ',';
  }
  append_csv_field(m_buffer, reason);
  m_buffer += "\r\n";
  ++m_rows;
  if (m_buffer.size() >= k_flush_bytes) return flush();
  return util::Ok{};
}

util::Status RejectedWriter::flush() {
  if (auto written = m_file->write(m_buffer); !written) return written.error();
  m_buffer.clear();
  return util::Ok{};
}

util::Status RejectedWriter::commit() {
  if (!m_file) {
    std::error_code ec;
    std::filesystem::remove(m_target, ec);
    if (ec) return util::io_error("cannot remove the stale " + m_target.string(), ec.value(), m_target);
    return util::Ok{};
  }
  if (auto flushed = flush(); !flushed) return flushed.error();
  return m_file->commit();
}

} // namespace fk::load
