#include "csv/profile.hpp"

namespace fk::csv {

std::string_view error_code_name(ErrorCode code) noexcept {
  switch (code) {
  case ErrorCode::encoding_error: return "encoding-error";
  case ErrorCode::blank_label: return "blank-label";
  case ErrorCode::duplicate_label: return "duplicate-label";
  case ErrorCode::blank_row: return "blank-row";
  case ErrorCode::extra_cell: return "extra-cell";
  case ErrorCode::missing_cell: return "missing-cell";
  case ErrorCode::stray_quote: return "stray-quote";
  case ErrorCode::unclosed_quote: return "unclosed-quote";
  case ErrorCode::record_too_long: return "record-too-long";
  case ErrorCode::type_error: return "type-error";
  case ErrorCode::constraint_error: return "constraint-error";
  case ErrorCode::unique_error: return "unique-error";
  case ErrorCode::primary_key: return "primary-key";
  case ErrorCode::missing_label: return "missing-label";
  case ErrorCode::extra_label: return "extra-label";
  case ErrorCode::blank_header: return "blank-header";
  }
  return "unknown";
}

Severity error_code_severity(ErrorCode code) noexcept {
  switch (code) {
  case ErrorCode::missing_cell:
  case ErrorCode::stray_quote:
  case ErrorCode::extra_label: return Severity::warning;
  default: return Severity::error;
  }
}

std::string_view severity_name(Severity severity) noexcept {
  switch (severity) {
  case Severity::error: return "error";
  case Severity::warning: return "warning";
  case Severity::info: return "info";
  }
  return "error";
}

std::string_view column_type_name(ColumnType type) noexcept {
  switch (type) {
  case ColumnType::integer: return "integer";
  case ColumnType::number: return "number";
  case ColumnType::boolean: return "boolean";
  case ColumnType::date: return "date";
  case ColumnType::datetime: return "datetime";
  case ColumnType::string: return "string";
  }
  return "string";
}

Severity FileProfile::severity(ErrorCode code) const noexcept {
  const ErrorCount& count = error_counts[static_cast<std::size_t>(code)];
  return count.severity ? *count.severity : error_code_severity(code);
}

bool FileProfile::valid() const noexcept {
  for (std::size_t i = 0; i < k_error_code_count; ++i) {
    if (error_counts[i].count > 0 && severity(static_cast<ErrorCode>(i)) == Severity::error) {
      return false;
    }
  }
  return true;
}

} // namespace fk::csv
