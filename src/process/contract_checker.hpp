#pragma once

#include "csv/profile.hpp"
#include "process/contract.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fk::process {

// Remember 64-bit value hashes with the record that first held them (open addressing, 16 bytes a slot).
class SeenValues {
public:
  // Record `hash` for `record`; return the earlier record holding the same hash, or 0 when it is new.
  std::uint64_t insert(std::uint64_t hash, std::uint64_t record);

private:
  void grow();
  std::vector<std::pair<std::uint64_t, std::uint64_t>> m_slots; // (hash, record); hash 0 is empty
  std::size_t m_used = 0;
};

// Check the records of one CSV file against its TableContract, one record at a time, in memory
// bounded by the kept errors plus 16-32 bytes per record for each unique field and the primary key.
class ContractChecker {
public:
  // Check against `contract`; cells equal to one of `null_tokens` are null; keep at most
  // `max_errors_per_code` errors of each code.
  ContractChecker(const TableContract& contract, std::vector<std::string> null_tokens,
                  std::size_t max_errors_per_code);

  // Match the schema's fields to the header `labels` by name; report missing and extra labels.
  void bind(const std::vector<std::string>& labels);

  // Check data record `record` (starting on physical line `line`); bind() must have run.
  void check(std::uint64_t record, std::uint64_t line, std::span<const std::string_view> fields);

  // Add the errors found to `profile` and give its columns the schema's types and type-error counts.
  void finish(csv::FileProfile& profile);

private:
  struct Column {
    const FieldContract* field = nullptr;
    std::size_t index = 0; // in the record; npos when the header lacks the field
    std::uint64_t type_errors = 0;
    SeenValues seen;       // for `unique`
  };

  [[nodiscard]] bool is_null(std::string_view value) const;
  void check_value(Column& column, std::uint64_t record, std::string_view value);
  void check_key(std::uint64_t record, std::span<const std::string_view> fields);
  void add(csv::ErrorCode code, std::uint64_t record, const Column* column, std::string_view value,
           std::string message);
  void add(csv::ErrorCode code, std::uint64_t record, std::size_t field_number, std::string field_name,
           std::string_view value, std::string message);

  const TableContract& m_contract;
  std::vector<std::string> m_null_tokens;
  std::size_t m_max_errors;
  bool m_bound = false;
  std::uint64_t m_line = 0;
  std::vector<Column> m_columns;
  std::vector<std::size_t> m_key_columns; // indexes into m_columns
  SeenValues m_keys;
  std::vector<csv::CsvError> m_errors;
  std::array<csv::ErrorCount, csv::k_error_code_count> m_counts{};
  std::array<std::size_t, csv::k_error_code_count> m_kept{};
};

} // namespace fk::process
