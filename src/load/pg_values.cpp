#include "load/pg_values.hpp"

#include "csv/column_stats.hpp"
#include "load/cell_value.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <cstring>

namespace fk::load {

namespace {

constexpr std::size_t k_max_identifier = 63;

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Return true when a scanner datetime (YYYY-MM-DD?HH:MM...) ends with a zone designator.
bool has_zone(std::string_view datetime) noexcept {
  if (datetime.size() <= 16) return false;
  return datetime.find_first_of("Z+-", 16) != std::string_view::npos;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) noexcept {
  return text.size() == lower.size() && ascii_lower(text) == lower;
}

bool fits_type(std::string_view cell, PgType type) {
  csv::ValueClass parsed;
  const std::uint8_t types = csv::classify_value(cell, parsed);
  if (type == PgType::date) return (types & csv::type_bit(csv::ColumnType::date)) != 0 && parsed.date >= 10000;
  return (types & csv::type_bit(csv::ColumnType::datetime)) != 0 && parsed.date >= 10000;
}

} // namespace

PgType pg_type_for(const csv::ColumnProfile& column) noexcept {
  switch (column.type) {
  case csv::ColumnType::integer: return PgType::bigint;
  case csv::ColumnType::number: return PgType::double_precision;
  case csv::ColumnType::boolean: return PgType::boolean;
  case csv::ColumnType::date: return PgType::date;
  case csv::ColumnType::datetime:
    return has_zone(column.min.text) || has_zone(column.max.text) ? PgType::timestamptz : PgType::timestamp;
  case csv::ColumnType::string: return PgType::text;
  }
  return PgType::text;
}

std::string_view pg_type_name(PgType type) noexcept {
  switch (type) {
  case PgType::bigint: return "bigint";
  case PgType::double_precision: return "double precision";
  case PgType::boolean: return "boolean";
  case PgType::date: return "date";
  case PgType::timestamp: return "timestamp without time zone";
  case PgType::timestamptz: return "timestamp with time zone";
  case PgType::text: return "text";
  }
  return "text";
}

std::string_view pg_expected(PgType type) noexcept {
  switch (type) {
  case PgType::bigint: return "an integer";
  case PgType::double_precision: return "a number";
  case PgType::boolean: return "a boolean (true or false)";
  case PgType::date: return "a date (YYYY-MM-DD or DD/MM/YYYY)";
  case PgType::timestamp: return "a date and time without a time zone";
  case PgType::timestamptz: return "a date and time with a time zone (Z or an offset)";
  case PgType::text: return "valid text (UTF-8, no NUL byte)";
  }
  return "text";
}

void append_copy_text(std::string& out, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char* escape = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
    if (escape == nullptr) continue;
    out.append(text.data() + start, i - start);
    out.append(escape, 2);
    start = i + 1;
  }
  out.append(text.data() + start, text.size() - start);
}

bool append_pg_value(std::string& out, PgType type, std::string_view cell, bool check_utf8) {
  switch (type) {
  case PgType::bigint:
    if (!parse_integer(cell)) return false;
    out += cell;
    return true;
  case PgType::double_precision:
    if (!parse_number(cell)) return false;
    out += cell;
    return true;
  case PgType::boolean:
    if (!equals_ignoring_case(cell, "true") && !equals_ignoring_case(cell, "false")) return false;
    out += cell.size() == 4 ? 't' : 'f';
    return true;
  case PgType::date:
    if (cell.size() != 10 || !fits_type(cell, type)) return false;
    if (cell[2] == '/') {
      out.append(cell.substr(6, 4)).append(1, '-').append(cell.substr(3, 2)).append(1, '-').append(cell.substr(0, 2));
    } else {
      out += cell;
    }
    return true;
  case PgType::timestamp:
  case PgType::timestamptz: {
    if (!fits_type(cell, type) || has_zone(cell) != (type == PgType::timestamptz)) return false;
    const std::size_t before = out.size();
    out += cell;
    std::replace(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(), ',', '.');
    return true;
  }
  case PgType::text:
    if (std::memchr(cell.data(), '\0', cell.size()) != nullptr) return false;
    if (check_utf8 && !util::is_valid_utf8(cell)) return false;
    append_copy_text(out, cell);
    return true;
  }
  return false;
}

std::string fit_identifier(std::string_view name, std::set<std::string>& used) {
  std::string candidate(util::truncate_utf8(name, k_max_identifier));
  for (int n = 2; used.contains(ascii_lower(candidate)); ++n) {
    const std::string suffix = "_" + std::to_string(n);
    candidate = std::string(util::truncate_utf8(name, k_max_identifier - suffix.size())) + suffix;
  }
  used.insert(ascii_lower(candidate));
  return candidate;
}

std::string pg_schema_name(std::string_view ref) {
  std::string name = ascii_lower(ref);
  if (const auto slash = name.find('/'); slash != std::string::npos) name.replace(slash, 1, "__");
  for (char& c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!keep) c = '_';
  }
  if (name.starts_with("pg_")) name = "s_" + name;
  std::set<std::string> none;
  return fit_identifier(name, none);
}

std::vector<std::string> pg_column_names(const std::vector<std::string>& labels) {
  std::set<std::string> used{"_day", "_version"};
  std::vector<std::string> names;
  names.reserve(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string& label = labels[i];
    const bool blank = std::all_of(label.begin(), label.end(), [](char c) { return c == ' ' || c == '\t'; });
    names.push_back(fit_identifier(blank ? "field_" + std::to_string(i + 1) : label, used));
  }
  return names;
}

} // namespace fk::load
