#include "archive/entry_path.hpp"

namespace fk::archive {

namespace {
util::Error refused(std::string_view name, std::string why) {
  return util::make_error(util::ErrorKind::validation, "entry '" + printable_name(name) + "'", std::move(why));
}
} // namespace

util::Result<EntryPath> parse_entry_path(std::string_view name, std::size_t max_path_bytes) {
  if (name.empty()) return refused(name, "the entry has an empty name");
  if (name.size() > max_path_bytes) {
    return refused(name, "the name is " + std::to_string(name.size()) + " bytes long, more than the limit of " +
                             std::to_string(max_path_bytes));
  }
  if (name.front() == '/') return refused(name, "the name is an absolute path");
  EntryPath path;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = name.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? name.size() : slash;
    const std::string_view component = name.substr(start, end - start);
    if (component == "..") return refused(name, "the name has a '..' component that would leave the destination");
    if (component.size() > k_max_component_bytes) {
      return refused(name,
                     "a component of the name is longer than " + std::to_string(k_max_component_bytes) + " bytes");
    }
    if (!component.empty() && component != ".") {
      if (!path.relative.empty()) path.relative += '/';
      path.relative += component;
      path.components.emplace_back(component);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return path;
}

std::string printable_name(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = '?';
  }
  return out;
}

} // namespace fk::archive
