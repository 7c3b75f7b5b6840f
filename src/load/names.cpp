#include "load/names.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utf8proc.h>

namespace fk::load {

namespace {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string unique_name(const std::string& base, std::set<std::string>& used) {
  std::string name = base;
  for (int n = 2; used.contains(ascii_lower(name)); ++n)
    name = base + "_" + std::to_string(n);
  used.insert(ascii_lower(name));
  return name;
}

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const noexcept { std::free(p); }
};

} // namespace

std::string nfc_name(std::string_view text) {
  // Invalid UTF-8: every byte outside ASCII becomes '_' (the name is then ASCII, trivially NFC).
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                   &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  const std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(mapped);
  if (length < 0) {
    std::string out(text);
    for (char& c : out) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '_';
    }
    return out;
  }
  return {reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length)};
}

std::string derive_table_name(std::string_view file_path, std::set<std::string>& used) {
  std::string_view base = file_path;
  if (const auto slash = base.find_last_of('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  if (const auto dot = base.find_last_of('.'); dot != std::string_view::npos && dot > 0) base = base.substr(0, dot);
  std::string name = ascii_lower(nfc_name(base));
  for (char& c : name) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || byte >= 0x80;
    if (!keep) c = '_';
  }
  // C1 control characters (U+0080-U+009F, UTF-8 C2 80 - C2 9F) cannot be typed either.
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    if (static_cast<unsigned char>(name[i]) == 0xC2 && static_cast<unsigned char>(name[i + 1]) < 0xA0) {
      name.replace(i, 2, "_");
    }
  }
  if (name.empty()) name = "table";
  if (name.starts_with("sqlite_")) name = "t_" + name;
  return unique_name(name, used);
}

std::vector<std::string> derive_column_names(const std::vector<std::string>& labels) {
  std::vector<std::string> names;
  std::set<std::string> used;
  names.reserve(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string& label = labels[i];
    const bool blank = std::all_of(label.begin(), label.end(), [](char c) { return c == ' ' || c == '\t'; });
    names.push_back(unique_name(blank ? "field_" + std::to_string(i + 1) : label, used));
  }
  return names;
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

} // namespace fk::load
