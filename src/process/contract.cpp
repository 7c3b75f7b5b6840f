#include "process/contract.hpp"

#include "csv/column_stats.hpp"
#include "util/fs.hpp"

#include <regex.h>

#include <array>
#include <cstdio>
#include <ctime>

namespace fk::process {

namespace {

constexpr std::array<std::pair<std::string_view, FieldType>, 9> k_types{{{"string", FieldType::string},
                                                                          {"integer", FieldType::integer},
                                                                          {"number", FieldType::number},
                                                                          {"boolean", FieldType::boolean},
                                                                          {"date", FieldType::date},
                                                                          {"datetime", FieldType::datetime},
                                                                          {"time", FieldType::time},
                                                                          {"year", FieldType::year},
                                                                          {"any", FieldType::any}}};

bool digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string two(int value) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "%02d", value);
  return text.data();
}

// Parse `value` with strptime `format`, requiring the whole value to be consumed.
std::optional<std::tm> parse_strptime(std::string_view value, const std::string& format) {
  const std::string copy(value);
  std::tm tm{};
  const char* end = ::strptime(copy.c_str(), format.c_str(), &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return tm;
}

std::string iso_datetime(const std::tm& tm) {
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return text.data();
}

// Parse HH:MM:SS (24 hours, seconds optional for "any").
std::optional<TypedValue> parse_time(std::string_view value, bool seconds_optional) {
  const bool short_form = seconds_optional && value.size() == 5;
  if (!short_form && value.size() != 8) return std::nullopt;
  if (!digits(value.substr(0, 2)) || value[2] != ':' || !digits(value.substr(3, 2))) return std::nullopt;
  if (!short_form && (value[5] != ':' || !digits(value.substr(6, 2)))) return std::nullopt;
  const int hours = (value[0] - '0') * 10 + (value[1] - '0');
  const int minutes = (value[3] - '0') * 10 + (value[4] - '0');
  const int secs = short_form ? 0 : (value[6] - '0') * 10 + (value[7] - '0');
  if (hours > 23 || minutes > 59 || secs > 60) return std::nullopt;
  return TypedValue{0.0, two(hours) + ":" + two(minutes) + ":" + two(secs)};
}

std::optional<TypedValue> parse_date(const FieldContract& field, std::string_view value) {
  if (field.format == "default" || field.format == "any") {
    if (field.format == "default" && (value.size() != 10 || value[4] != '-')) return std::nullopt;
    csv::ValueClass parsed;
    if ((csv::classify_value(value, parsed) & csv::type_bit(csv::ColumnType::date)) == 0) return std::nullopt;
    return TypedValue{static_cast<double>(parsed.date), {}};
  }
  const auto tm = parse_strptime(value, field.format);
  if (!tm) return std::nullopt;
  return TypedValue{static_cast<double>((tm->tm_year + 1900) * 10000 + (tm->tm_mon + 1) * 100 + tm->tm_mday), {}};
}

std::optional<TypedValue> parse_datetime(const FieldContract& field, std::string_view value) {
  if (field.format == "default" || field.format == "any") {
    if (field.format == "default" && (value.size() < 19 || value[10] != 'T')) return std::nullopt;
    csv::ValueClass parsed;
    if ((csv::classify_value(value, parsed) & csv::type_bit(csv::ColumnType::datetime)) == 0) return std::nullopt;
    std::string text(value.substr(0, 19));
    text[10] = 'T';
    if (text.size() == 16 || text[16] != ':') text = text.substr(0, 16) + ":00";
    return TypedValue{0.0, text};
  }
  const auto tm = parse_strptime(value, field.format);
  if (!tm) return std::nullopt;
  return TypedValue{0.0, iso_datetime(*tm)};
}

std::optional<TypedValue> parse_number_like(FieldType type, std::string_view value) {
  csv::ValueClass parsed;
  const std::uint8_t types = csv::classify_value(value, parsed);
  if (type == FieldType::number) {
    if ((types & csv::type_bit(csv::ColumnType::number)) == 0) return std::nullopt;
    return TypedValue{parsed.number, {}};
  }
  if ((types & csv::type_bit(csv::ColumnType::integer)) == 0) return std::nullopt;
  if (type == FieldType::year && (value.size() != 4 || !digits(value))) return std::nullopt;
  return TypedValue{static_cast<double>(parsed.integer), {}};
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  for (const std::string& item : list) {
    if (item == value) return true;
  }
  return false;
}

} // namespace

std::string_view field_type_name(FieldType type) noexcept {
  for (const auto& [name, value] : k_types) {
    if (value == type) return name;
  }
  return "string";
}

util::Result<std::shared_ptr<const Pattern>> Pattern::compile(const std::string& source) {
  std::shared_ptr<Pattern> pattern(new Pattern());
  pattern->m_source = source;
  auto* regex = new regex_t{};
  const std::string anchored = "^(" + source + ")$";
  const int rc = ::regcomp(regex, anchored.c_str(), REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    std::array<char, 256> message{};
    ::regerror(rc, regex, message.data(), message.size());
    delete regex;
    return util::make_error(util::ErrorKind::usage, "pattern \"" + source + "\" is not a valid regular expression",
                            message.data(), "write it as a POSIX extended regular expression");
  }
  pattern->m_regex = regex;
  return std::shared_ptr<const Pattern>(std::move(pattern));
}

Pattern::~Pattern() {
  if (m_regex == nullptr) return;
  ::regfree(static_cast<regex_t*>(m_regex));
  delete static_cast<regex_t*>(m_regex);
}

bool Pattern::matches(std::string_view value) const {
  const std::string copy(value); // regexec needs a terminated string
  return ::regexec(static_cast<const regex_t*>(m_regex), copy.c_str(), 0, nullptr, 0) == 0;
}

std::optional<TypedValue> parse_typed(const FieldContract& field, std::string_view value) {
  switch (field.type) {
  case FieldType::string:
  case FieldType::any: return TypedValue{0.0, {}};
  case FieldType::integer:
  case FieldType::number:
  case FieldType::year: return parse_number_like(field.type, value);
  case FieldType::boolean:
    if (contains(field.true_values, value)) return TypedValue{1.0, {}};
    if (contains(field.false_values, value)) return TypedValue{0.0, {}};
    return std::nullopt;
  case FieldType::date: return parse_date(field, value);
  case FieldType::datetime: return parse_datetime(field, value);
  case FieldType::time:
    if (field.format == "default" || field.format == "any") return parse_time(value, field.format == "any");
    if (const auto tm = parse_strptime(value, field.format))
      return TypedValue{0.0, two(tm->tm_hour) + ":" + two(tm->tm_min) + ":" + two(tm->tm_sec)};
    return std::nullopt;
  }
  return std::nullopt;
}

util::Result<TableContract> read_table_contract(const std::filesystem::path& path) {
  auto text = util::read_file(path);
  if (!text) {
    return util::make_error(util::ErrorKind::usage, "cannot read schema " + path.string(), text.error().why,
                            "check the --schema path (or the schemas entry of the datasets config)");
  }
  return parse_table_contract(*text, path.string());
}

} // namespace fk::process
