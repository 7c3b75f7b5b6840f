#include "process/contract_checker.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <functional>

namespace fk::process {

namespace {

constexpr std::size_t k_absent = static_cast<std::size_t>(-1);

std::uint64_t hash_of(std::string_view text) {
  const std::uint64_t hash = std::hash<std::string_view>{}(text);
  return hash == 0 ? 1 : hash;
}

std::uint64_t code_points(std::string_view text) {
  std::uint64_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

bool less(const TypedValue& a, const TypedValue& b, FieldType type) {
  const bool textual = type == FieldType::datetime || type == FieldType::time;
  return textual ? a.text < b.text : a.number < b.number;
}

csv::ColumnType column_type(FieldType type) {
  switch (type) {
  case FieldType::integer:
  case FieldType::year: return csv::ColumnType::integer;
  case FieldType::number: return csv::ColumnType::number;
  case FieldType::boolean: return csv::ColumnType::boolean;
  case FieldType::date: return csv::ColumnType::date;
  case FieldType::datetime: return csv::ColumnType::datetime;
  default: return csv::ColumnType::string;
  }
}

std::string quote_value(std::string_view text) { return "\"" + std::string(util::truncate_utf8(text, 80)) + "\""; }

} // namespace

std::uint64_t SeenValues::insert(std::uint64_t hash, std::uint64_t record) {
  if ((m_used + 1) * 2 > m_slots.size()) grow();
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    auto& slot = m_slots[i];
    if (slot.first == hash) return slot.second;
    if (slot.first == 0) {
      slot = {hash, record};
      ++m_used;
      return 0;
    }
  }
}

void SeenValues::grow() {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> old = std::move(m_slots);
  m_slots.assign(old.empty() ? 1024 : old.size() * 2, {0, 0});
  const std::size_t mask = m_slots.size() - 1;
  for (const auto& slot : old) {
    if (slot.first == 0) continue;
    std::size_t i = slot.first & mask;
    while (m_slots[i].first != 0) i = (i + 1) & mask;
    m_slots[i] = slot;
  }
}

ContractChecker::ContractChecker(const TableContract& contract, std::vector<std::string> null_tokens,
                                 std::size_t max_errors_per_code)
    : m_contract(contract), m_null_tokens(std::move(null_tokens)), m_max_errors(max_errors_per_code) {}

void ContractChecker::bind(const std::vector<std::string>& labels) {
  m_bound = true;
  m_columns.clear();
  m_columns.reserve(m_contract.fields.size());
  for (const FieldContract& field : m_contract.fields) {
    Column column;
    column.field = &field;
    column.index = k_absent;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] == field.name) {
        column.index = i;
        break;
      }
    }
    m_columns.push_back(std::move(column));
    if (m_columns.back().index == k_absent) {
      add(csv::ErrorCode::missing_label, 0, &m_columns.back(), "",
          "the schema's field " + quote_value(field.name) + " has no column in the header; add the column or "
          "remove the field from " + m_contract.origin);
    }
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    bool known = false;
    for (const FieldContract& field : m_contract.fields) known = known || field.name == labels[i];
    if (known) continue;
    add(csv::ErrorCode::extra_label, 0, i + 1, labels[i], labels[i],
        "header label " + quote_value(labels[i]) + " (column " + std::to_string(i + 1) +
            ") is not a field of the schema; its values are not checked. Add it to " + m_contract.origin);
  }
  for (const std::string& name : m_contract.primary_key) {
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
      if (m_columns[c].field->name == name) m_key_columns.push_back(c);
    }
  }
}

bool ContractChecker::is_null(std::string_view value) const {
  for (const std::string& token : m_null_tokens) {
    if (value == token) return true;
  }
  return false;
}

void ContractChecker::check(std::uint64_t record, std::uint64_t line, std::span<const std::string_view> fields) {
  m_line = line;
  for (Column& column : m_columns) {
    if (column.index == k_absent) continue;
    const std::string_view value = column.index < fields.size() ? fields[column.index] : std::string_view{};
    const bool null = column.index >= fields.size() || is_null(value);
    if (null) {
      if (column.field->required) {
        add(csv::ErrorCode::constraint_error, record, &column, value,
            "field " + quote_value(column.field->name) + " is required but the cell is null; fill it in");
      }
      continue;
    }
    check_value(column, record, value);
  }
  if (!m_key_columns.empty()) check_key(record, fields);
}

void ContractChecker::check_value(Column& column, std::uint64_t record, std::string_view value) {
  const FieldContract& field = *column.field;
  const auto typed = parse_typed(field, value);
  const std::string name = quote_value(field.name);
  if (!typed) {
    ++column.type_errors;
    const std::string format = field.format == "default" ? "" : " in format " + quote_value(field.format);
    add(csv::ErrorCode::type_error, record, &column, value,
        "value of field " + name + " is not a " + std::string(field_type_name(field.type)) + format +
            " as the schema says; fix the value or the field's type in " + m_contract.origin);
    return;
  }
  if (field.minimum && less(*typed, *field.minimum, field.type)) {
    add(csv::ErrorCode::constraint_error, record, &column, value,
        "value of field " + name + " is below its minimum " + field.minimum_text);
  }
  if (field.maximum && less(*field.maximum, *typed, field.type)) {
    add(csv::ErrorCode::constraint_error, record, &column, value,
        "value of field " + name + " is above its maximum " + field.maximum_text);
  }
  if (field.min_length || field.max_length) {
    const std::uint64_t length = code_points(value);
    if ((field.min_length && length < *field.min_length) || (field.max_length && length > *field.max_length)) {
      add(csv::ErrorCode::constraint_error, record, &column, value,
          "value of field " + name + " has " + std::to_string(length) + " characters, outside the schema's " +
              "minLength/maxLength");
    }
  }
  if (field.pattern && !field.pattern->matches(value)) {
    add(csv::ErrorCode::constraint_error, record, &column, value,
        "value of field " + name + " does not match its pattern " + quote_value(field.pattern->source()));
  }
  if (!field.enum_values.empty()) {
    bool listed = false;
    for (const std::string& allowed : field.enum_values) {
      if (allowed == value) {
        listed = true;
        break;
      }
      const bool numeric = field.type == FieldType::integer || field.type == FieldType::number;
      const auto parsed = numeric ? parse_typed(field, allowed) : std::nullopt;
      if (parsed && parsed->number == typed->number) {
        listed = true;
        break;
      }
    }
    if (!listed) {
      add(csv::ErrorCode::constraint_error, record, &column, value,
          "value of field " + name + " is not one of the schema's enum values");
    }
  }
  if (field.unique) {
    if (const std::uint64_t first = column.seen.insert(hash_of(value), record); first != 0) {
      add(csv::ErrorCode::unique_error, record, &column, value,
          "value of unique field " + name + " repeats record " + std::to_string(first));
    }
  }
}

void ContractChecker::check_key(std::uint64_t record, std::span<const std::string_view> fields) {
  std::string key;
  for (const std::size_t c : m_key_columns) {
    const Column& column = m_columns[c];
    const std::string_view value = column.index < fields.size() ? fields[column.index] : std::string_view{};
    if (column.index == k_absent || column.index >= fields.size() || is_null(value)) {
      add(csv::ErrorCode::primary_key, record, &column, value,
          "primary key field " + quote_value(column.field->name) + " is null; every key cell needs a value");
      return;
    }
    key.append(value);
    key.push_back('\x1f');
  }
  if (const std::uint64_t first = m_keys.insert(hash_of(key), record); first != 0) {
    key.pop_back();
    for (char& c : key) c = c == '\x1f' ? ',' : c;
    add(csv::ErrorCode::primary_key, record, nullptr, key,
        "primary key (" + std::to_string(m_key_columns.size()) + " field(s)) repeats record " + std::to_string(first));
  }
}

void ContractChecker::add(csv::ErrorCode code, std::uint64_t record, const Column* column, std::string_view value,
                          std::string message) {
  const bool located = column != nullptr && column->index != k_absent;
  add(code, record, located ? column->index + 1 : 0, column != nullptr ? column->field->name : std::string(), value,
      std::move(message));
}

void ContractChecker::add(csv::ErrorCode code, std::uint64_t record, std::size_t field_number, std::string field_name,
                          std::string_view value, std::string message) {
  const auto index = static_cast<std::size_t>(code);
  ++m_counts[index].count;
  if (m_kept[index] >= m_max_errors) {
    m_counts[index].truncated = true;
    return;
  }
  ++m_kept[index];
  csv::CsvError error;
  error.code = code;
  error.severity = csv::error_code_severity(code);
  error.record = record;
  error.line = record == 0 ? 1 : m_line;
  error.field_number = field_number;
  error.field_name = std::move(field_name);
  error.value = std::string(util::truncate_utf8(value, 80));
  error.message = std::move(message);
  m_errors.push_back(std::move(error));
}

void ContractChecker::finish(csv::FileProfile& profile) {
  if (!m_bound) bind(profile.labels);
  for (const Column& column : m_columns) {
    if (column.index == k_absent || column.index >= profile.columns.size()) continue;
    csv::ColumnProfile& target = profile.columns[column.index];
    const csv::ColumnType type = column_type(column.field->type);
    if (type != target.type) target.min = target.max = csv::Bound{};
    target.type = type;
    target.canonical = true; // the contract declared the type: PostgreSQL gets it (docs/process.md)
    target.type_errors = column.type_errors;
    target.type_error_samples.clear();
  }
  for (std::size_t i = 0; i < csv::k_error_code_count; ++i) {
    if (m_counts[i].count == 0) continue;
    profile.error_counts[i].count += m_counts[i].count;
    profile.error_counts[i].truncated = profile.error_counts[i].truncated || m_counts[i].truncated;
  }
  profile.errors.insert(profile.errors.end(), m_errors.begin(), m_errors.end());
  std::stable_sort(profile.errors.begin(), profile.errors.end(),
                   [](const csv::CsvError& a, const csv::CsvError& b) { return a.record < b.record; });
}

} // namespace fk::process
