// Scanner: what happens when a record is complete (header checks, cells, profiles, errors).
#include "csv/scanner.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace fk::csv {

namespace {

constexpr std::size_t k_value_bytes = 80;
constexpr std::uint64_t k_utf8_bom_bytes = 3;

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(k_value_bytes + 2);
  out.push_back('"');
  out.append(util::truncate_utf8(text, k_value_bytes));
  out.push_back('"');
  return out;
}

} // namespace

bool Scanner::keeps(ErrorCode code) {
  const auto index = static_cast<std::size_t>(code);
  ++m_profile.error_counts[index].count;
  if (m_kept[index] >= m_options.max_errors_per_code) {
    m_profile.error_counts[index].truncated = true;
    return false;
  }
  ++m_kept[index];
  return true;
}

void Scanner::add_error(ErrorCode code, std::uint64_t record, std::size_t field_index, std::string_view value,
                        std::string message) {
  CsvError error;
  error.code = code;
  error.severity = error_code_severity(code);
  error.record = record;
  error.line = m_record_line;
  if (field_index != static_cast<std::size_t>(-1)) {
    error.field_number = field_index + 1;
    error.field_name = std::string(field_name(field_index));
  }
  error.value = std::string(util::truncate_utf8(value, k_value_bytes));
  error.message = std::move(message);
  m_profile.errors.push_back(std::move(error));
}

std::string_view Scanner::field_name(std::size_t field_index) const noexcept {
  return field_index < m_names.size() ? std::string_view(m_names[field_index]) : std::string_view();
}

bool Scanner::is_null_token(std::string_view value) const noexcept {
  for (const std::string& token : m_options.null_tokens) {
    if (value == token) return true;
  }
  return false;
}

void Scanner::report_encoding_errors(std::uint64_t record, std::uint64_t end_offset) {
  constexpr std::size_t k_no_field = static_cast<std::size_t>(-1);
  while (m_invalid_head < m_invalid_offsets.size() && m_invalid_offsets[m_invalid_head] < end_offset) {
    const std::uint64_t offset = m_invalid_offsets[m_invalid_head++];
    if (!keeps(ErrorCode::encoding_error)) continue;
    // The field holding the byte is the last one that starts at or before it.
    const auto after = std::upper_bound(m_field_starts.begin(), m_field_starts.end(), offset);
    std::size_t field_index = k_no_field;
    std::string_view value;
    if (after != m_field_starts.begin()) {
      field_index = static_cast<std::size_t>(after - m_field_starts.begin()) - 1;
      if (field_index < m_fields.size()) value = m_fields[field_index];
    }
    add_error(ErrorCode::encoding_error, record, field_index, value,
              "byte " + std::to_string(offset) + " is not valid UTF-8; the file must be UTF-8 encoded");
  }
  if (m_invalid_head == m_invalid_offsets.size()) {
    m_invalid_offsets.clear();
    m_invalid_head = 0;
  }
}

void Scanner::report_type_errors() {
  for (std::size_t i = 0; i < m_profile.columns.size(); ++i) {
    const ColumnProfile& column = m_profile.columns[i];
    if (column.type_errors == 0) continue;
    const auto index = static_cast<std::size_t>(ErrorCode::type_error);
    ErrorCount& count = m_profile.error_counts[index];
    count.severity = Severity::warning;
    count.count += column.type_errors;
    std::uint64_t shown = 0;
    for (const ValueSample& sample : column.type_error_samples) {
      if (m_kept[index] >= m_options.max_errors_per_code) break;
      ++m_kept[index];
      ++shown;
      m_record_line = sample.line;
      add_error(ErrorCode::type_error, sample.record, i, sample.value,
                "value does not fit the column's inferred type " + std::string(column_type_name(column.type)) +
                    " (" + std::to_string(column.type_errors) + " of " + std::to_string(column.values) +
                    " values do not); the loader rejects such rows. Fix the value or pin a schema (--schema)");
      m_profile.errors.back().severity = Severity::warning;
    }
    if (shown < column.type_errors) count.truncated = true;
  }
}

void Scanner::report_issues(std::uint64_t record) {
  for (const RecordIssue& issue : m_issues) {
    if (!keeps(issue.code)) continue;
    const std::string_view value = issue.field_index < m_fields.size() ? m_fields[issue.field_index] : "";
    const std::string where = "field " + std::to_string(issue.field_index + 1);
    if (issue.code == ErrorCode::stray_quote) {
      add_error(issue.code, record, issue.field_index, value,
                where + " has a quote character inside an unquoted value or after its closing quote; kept as "
                        "text. Quote the whole value and double its inner quotes");
    } else {
      add_error(issue.code, record, issue.field_index, value,
                where + " opens a quote that is never closed, so the rest of the file became one value; "
                        "close the quote or escape it by doubling");
    }
  }
}

bool Scanner::reject_other_encoding(std::string_view sample) {
  struct Mark {
    std::string_view bytes;
    std::string_view name;  // as FileProfile reports it
    std::string_view label; // for the operator
    std::string_view hex;
    std::string_view iconv; // iconv's name of the encoding
  };
  // UTF-32 LE before UTF-16 LE: its mark starts with FF FE too.
  static constexpr Mark k_marks[] = {
      {std::string_view("\xFF\xFE\x00\x00", 4), "utf-32-le", "UTF-32 LE", "FF FE 00 00", "UTF-32LE"},
      {std::string_view("\x00\x00\xFE\xFF", 4), "utf-32-be", "UTF-32 BE", "00 00 FE FF", "UTF-32BE"},
      {"\xFF\xFE", "utf-16-le", "UTF-16 LE", "FF FE", "UTF-16LE"},
      {"\xFE\xFF", "utf-16-be", "UTF-16 BE", "FE FF", "UTF-16BE"},
  };
  for (const Mark& mark : k_marks) {
    if (!sample.starts_with(mark.bytes)) continue;
    m_unread = true;
    m_profile.encoding.other_encoding = mark.name;
    m_profile.encoding.first_invalid_byte = 0;
    if (keeps(ErrorCode::encoding_error)) {
      add_error(ErrorCode::encoding_error, 0, static_cast<std::size_t>(-1), "",
                "the file is " + std::string(mark.label) + " (byte-order mark " + std::string(mark.hex) +
                    "); fetch-kaggle reads UTF-8: convert it with iconv -f " + std::string(mark.iconv) +
                    " -t UTF-8");
    }
    return true;
  }
  return false;
}

void Scanner::report_missing_header() {
  if (!m_options.header_row || m_header_done || m_unread || !keeps(ErrorCode::blank_header)) return;
  std::string what = "holds only blank lines";
  if (m_profile.bytes == 0) {
    what = "is empty (0 bytes)";
  } else if (m_profile.encoding.bom && m_profile.bytes == k_utf8_bom_bytes) {
    what = "holds only a UTF-8 byte-order mark";
  }
  m_record_line = 1;
  add_error(ErrorCode::blank_header, 0, static_cast<std::size_t>(-1), "",
            "the file " + what + ", so it has no header row and no data; download it again, or leave it out "
                                 "if the dataset ships it empty");
}

void Scanner::process_header(std::uint64_t end_offset) {
  m_header_done = true;
  m_profile.labels.assign(m_fields.begin(), m_fields.end());
  m_names = m_profile.labels;
  m_columns.resize(m_names.size());
  report_encoding_errors(0, end_offset);
  report_issues(0);
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < m_fields.size(); ++i) {
    const std::string_view label = m_fields[i];
    if (is_blank(label)) {
      if (keeps(ErrorCode::blank_label)) {
        add_error(ErrorCode::blank_label, 0, i, label,
                  "header label " + std::to_string(i + 1) + " is blank; give every column a name");
      }
    } else if (!seen.insert(label).second) {
      if (keeps(ErrorCode::duplicate_label)) {
        add_error(ErrorCode::duplicate_label, 0, i, label,
                  "header label " + quoted(label) + " repeats an earlier label; rename one of them");
      }
    }
  }
}

void Scanner::process_record(std::uint64_t end_offset) {
  const bool is_header = m_options.header_row && !m_header_done;
  const std::uint64_t record = is_header ? 0 : m_profile.records + 1;
  if (!is_header) ++m_profile.records;
  if (m_too_long) {
    m_fields.clear();
    report_encoding_errors(record, end_offset);
    if (keeps(ErrorCode::record_too_long)) {
      add_error(ErrorCode::record_too_long, record, static_cast<std::size_t>(-1), m_too_long_prefix,
                "record is longer than " + std::to_string(m_options.max_record_bytes) +
                    " bytes and was skipped; check for an unclosed quote or raise the record limit");
    }
    if (is_header) m_header_done = true;
    return;
  }
  if (is_header) {
    process_header(end_offset);
    return;
  }
  if (!m_options.header_row && m_names.empty()) {
    for (std::size_t i = 0; i < m_fields.size(); ++i) m_names.push_back("field_" + std::to_string(i + 1));
    m_columns.resize(m_names.size());
  }
  report_encoding_errors(record, end_offset);
  report_issues(record);

  const std::size_t cells = m_fields.size();
  const std::size_t columns = m_columns.size();
  const std::size_t profiled = std::min(cells, columns);
  std::size_t nulls = 0;
  for (std::size_t i = 0; i < profiled; ++i) {
    const std::string_view value = m_fields[i];
    if (value.empty() || is_null(value)) {
      m_columns[i].add_null();
      ++nulls;
    } else {
      m_columns[i].add_value(value, record, m_record_line);
    }
  }
  for (std::size_t i = profiled; i < cells; ++i) nulls += is_null(m_fields[i]) ? 1U : 0U;

  if (cells > columns && keeps(ErrorCode::extra_cell)) {
    add_error(ErrorCode::extra_cell, record, columns, m_fields[columns],
              "record has " + std::to_string(cells) + " cells but the header has " + std::to_string(columns) +
                  "; quote values that contain the delimiter");
  }
  if (cells < columns && keeps(ErrorCode::missing_cell)) {
    add_error(ErrorCode::missing_cell, record, cells, "",
              "record has " + std::to_string(cells) + " cells but the header has " + std::to_string(columns) +
                  "; the missing cells are treated as absent");
  }
  if (nulls == cells && keeps(ErrorCode::blank_row)) {
    add_error(ErrorCode::blank_row, record, static_cast<std::size_t>(-1), "",
              "every cell of the record is empty or a null token; remove the row");
  }
  if (m_callback) m_callback(record, std::span<const std::string_view>(m_fields));
}

} // namespace fk::csv
