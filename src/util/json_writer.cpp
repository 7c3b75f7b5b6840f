#include "util/json_writer.hpp"

#include "util/utf8.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace fk::util {

namespace {

constexpr char k_hex_digits[] = "0123456789abcdef";

void write_escaped_ascii(std::ostream& out, char c) {
  switch (c) {
  case '"': out << "\\\""; return;
  case '\\': out << "\\\\"; return;
  case '\b': out << "\\b"; return;
  case '\f': out << "\\f"; return;
  case '\n': out << "\\n"; return;
  case '\r': out << "\\r"; return;
  case '\t': out << "\\t"; return;
  default: break;
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7F) {
    out << "\\u00" << k_hex_digits[byte >> 4] << k_hex_digits[byte & 0xF];
  } else {
    out << c;
  }
}

} // namespace

JsonWriter::JsonWriter(std::ostream& out, int indent) : m_out(out), m_indent(indent) {}

void JsonWriter::write_string(std::ostream& out, std::string_view text) {
  out << '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      write_escaped_ascii(out, text[i]);
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text.substr(i));
    if (length == 0) {
      out << "\\ufffd";
      ++i;
    } else {
      out.write(text.data() + i, static_cast<std::streamsize>(length));
      i += length;
    }
  }
  out << '"';
}

std::string json_quote(std::string_view text) {
  std::ostringstream out;
  JsonWriter::write_string(out, text);
  return out.str();
}

void JsonWriter::newline() {
  if (m_indent <= 0) return;
  m_out << '\n';
  for (std::size_t i = 0; i < m_stack.size() * static_cast<std::size_t>(m_indent); ++i) m_out << ' ';
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_stack.empty()) return;
  Level& level = m_stack.back();
  if (level.is_object) throw std::logic_error("JsonWriter: value inside an object needs a key");
  if (!level.empty) m_out << ',';
  level.empty = false;
  newline();
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (m_stack.empty() || !m_stack.back().is_object || m_after_key) {
    throw std::logic_error("JsonWriter: key outside an object");
  }
  Level& level = m_stack.back();
  if (!level.empty) m_out << ',';
  level.empty = false;
  newline();
  write_string(m_out, name);
  m_out << (m_indent > 0 ? ": " : ":");
  m_after_key = true;
  return *this;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  m_out << '{';
  m_stack.push_back({true, true});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  if (m_stack.empty() || !m_stack.back().is_object) throw std::logic_error("JsonWriter: unbalanced }");
  const bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out << '}';
  if (m_stack.empty() && m_indent > 0) m_out << '\n';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  m_out << '[';
  m_stack.push_back({false, true});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  if (m_stack.empty() || m_stack.back().is_object) throw std::logic_error("JsonWriter: unbalanced ]");
  const bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out << ']';
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  write_string(m_out, text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  m_out << (flag ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  m_out << number;
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  m_out << number;
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  before_value();
  if (!std::isfinite(number)) {
    m_out << "null"; // JSON has no NaN or infinity
    return *this;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", number);
  m_out << buffer;
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  m_out << "null";
  return *this;
}

JsonWriter& JsonWriter::path_field(std::string_view name, std::string_view bytes) {
  field(name, bytes);
  if (!is_valid_utf8(bytes)) {
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (char c : bytes) {
      const auto byte = static_cast<unsigned char>(c);
      hex += k_hex_digits[byte >> 4];
      hex += k_hex_digits[byte & 0xF];
    }
    field(std::string(name) + "_hex", hex);
  }
  return *this;
}

} // namespace fk::util
