#include "load/pg_values.hpp"

#include "load/cell_value.hpp"
#include "util/utf8.hpp"

#include <algorithm>

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

} // namespace

bool pg_has_zone(std::string_view datetime) noexcept {
  if (datetime.size() <= 16) return false;
  return datetime.find_first_of("Z+-", 16) != std::string_view::npos;
}

PgType pg_type_for(const csv::ColumnProfile& column) noexcept {
  // A value PostgreSQL would print otherwise (TRUE, 31/12/2024, a 'T', a zone) keeps its text.
  if (!column.canonical) return PgType::text;
  switch (column.type) {
  case csv::ColumnType::integer:
    return PgType::bigint;
  case csv::ColumnType::number:
    return PgType::double_precision;
  case csv::ColumnType::boolean:
    return PgType::boolean;
  case csv::ColumnType::date:
    return PgType::date;
  case csv::ColumnType::datetime:
    return pg_has_zone(column.min.text) || pg_has_zone(column.max.text) ? PgType::timestamptz : PgType::timestamp;
  case csv::ColumnType::string:
    return PgType::text;
  }
  return PgType::text;
}

std::string_view pg_type_name(PgType type) noexcept {
  switch (type) {
  case PgType::bigint:
    return "bigint";
  case PgType::double_precision:
    return "double precision";
  case PgType::boolean:
    return "boolean";
  case PgType::date:
    return "date";
  case PgType::timestamp:
    return "timestamp without time zone";
  case PgType::timestamptz:
    return "timestamp with time zone";
  case PgType::text:
    return "text";
  }
  return "text";
}

std::string_view pg_expected(PgType type) noexcept {
  switch (type) {
  case PgType::bigint:
    return k_exact_integer;
  case PgType::double_precision:
    return k_exact_number;
  case PgType::boolean:
    return "a boolean (true or false)";
  case PgType::date:
    return "a date (YYYY-MM-DD or DD/MM/YYYY)";
  case PgType::timestamp:
    return "a date and time without a time zone";
  case PgType::timestamptz:
    return "a date and time with a time zone (Z or an offset)";
  case PgType::text:
    return "valid text (UTF-8, no NUL byte: PostgreSQL text cannot hold one)";
  }
  return "text";
}

std::string fit_identifier(std::string_view name, std::set<std::string>& used) {
  std::string candidate(name);
  if (name.size() > k_max_identifier) {
    // Cut on a UTF-8 boundary and mark the cut with 8 hex digits of the whole name's FNV-1a hash, so
    // long names that share their first 54 bytes stay distinct whatever order they come in.
    std::uint32_t hash = 2166136261U;
    for (const char c : name)
      hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string suffix = "_";
    for (int shift = 28; shift >= 0; shift -= 4)
      suffix += k_hex[(hash >> static_cast<unsigned>(shift)) & 0xFU];
    candidate = std::string(util::truncate_utf8(name, k_max_identifier - suffix.size())) + suffix;
  }
  const std::string base = candidate;
  for (int n = 2; used.contains(ascii_lower(candidate)); ++n) {
    const std::string suffix = "_" + std::to_string(n);
    candidate = std::string(util::truncate_utf8(base, k_max_identifier - suffix.size())) + suffix;
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
