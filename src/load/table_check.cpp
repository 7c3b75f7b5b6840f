#include "load/table_check.hpp"

#include "util/error.hpp"

#include <array>
#include <fstream>

namespace fk::load {

namespace {

std::string byte_text(std::string_view bytes) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (!out.empty()) out += ' ';
    out += k_hex[byte >> 4U];
    out += k_hex[byte & 0xfU];
  }
  return out;
}

} // namespace

std::string_view foreign_bom(std::string_view head) {
  struct Mark {
    std::string_view bytes;
    std::string_view name;
  };
  static constexpr std::array<Mark, 4> k_marks = {{{std::string_view("\xFF\xFE\0\0", 4), "UTF-32LE"},
                                                   {std::string_view("\0\0\xFE\xFF", 4), "UTF-32BE"},
                                                   {std::string_view("\xFF\xFE", 2), "UTF-16LE"},
                                                   {std::string_view("\xFE\xFF", 2), "UTF-16BE"}}};
  for (const Mark& mark : k_marks) {
    if (head.starts_with(mark.bytes)) return mark.name;
  }
  return {};
}

std::string unloadable_reason(const TableSource& source, std::size_t column_limit, std::string_view engine,
                              std::string_view limit_note) {
  const std::string what = "cannot load " + source.file + " as a table";
  std::array<char, 4> head{};
  std::ifstream in(source.source, std::ios::binary);
  in.read(head.data(), head.size());
  const std::string_view read(head.data(), static_cast<std::size_t>(in.gcount()));
  if (const std::string_view encoding = foreign_bom(read); !encoding.empty()) {
    const std::size_t mark = encoding.starts_with("UTF-32") ? 4 : 2;
    return util::make_error(util::ErrorKind::validation, what,
                            "it is " + std::string(encoding) + " text (byte order mark " +
                                byte_text(read.substr(0, mark)) + "); only UTF-8 is loaded",
                            "convert it, e.g. iconv -f " + std::string(encoding) + " -t UTF-8, and load the copy")
        .message();
  }
  if (!source.profile) return {};
  const std::size_t columns = source.profile->columns.size();
  if (columns == 0) {
    const std::string why = read.empty()
                                ? "it has no header row: the file is empty (0 bytes)"
                                : "it has no header row: no column names, only a byte order mark or blank lines";
    return util::make_error(util::ErrorKind::validation, what, why, "no table was created; the other files loaded")
        .message();
  }
  if (columns > column_limit) {
    return util::make_error(util::ErrorKind::validation, what,
                            "it has " + std::to_string(columns) + " columns; " + std::string(engine) +
                                " takes at most " + std::to_string(column_limit) + " for a file's table" +
                                std::string(limit_note),
                            "no table was created; split the file's columns into several files, or keep only the "
                            "columns you need")
        .message();
  }
  return {};
}

} // namespace fk::load
