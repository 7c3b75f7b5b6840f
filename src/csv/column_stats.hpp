#pragma once

#include "csv/profile.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fk::csv {

// Bound the length of render_number's text (a subnormal double: "0." + 323 zeros + 17 digits).
inline constexpr std::size_t k_rendered_max = 400;

// Tell which types one non-null value fits, with its parsed value.
struct ValueClass {
  // Bit (1 << ColumnType) set for each type the value fits; integers also fit number.
  std::uint8_t types = 0;
  std::int64_t integer = 0; // when it fits integer
  double number = 0.0;      // when it fits number
  std::int32_t date = 0;    // YYYYMMDD, when it fits date or datetime
};

// Return true when `value`, of type `type` (boolean, date or datetime), is written exactly as
// PostgreSQL prints its typed form: true/false, YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.f{1,6} without a
// trailing zero] (no zone: a timestamptz prints in the session's zone). Integers and numbers: true.
bool is_canonical(std::string_view value, ColumnType type) noexcept;

// Return the bit of `type` in ValueClass::types.
constexpr std::uint8_t type_bit(ColumnType type) noexcept {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(type));
}

// Classify `value` with hand-written parsers. Only text that its typed value gives back exactly
// fits integer or number (docs/process.md, "Lossless values"):
//   integer   -?(0|[1-9]digits), within int64; "-0", "+1", "007" and 2^63 do not fit
//   number    the text render_number() gives for its double: -?(0|[1-9]digits)(.digits ending in 1-9)?,
//             no exponent, no '+', no leading or trailing zero, no "-0", no precision beyond a double
//   boolean   true or false, in any letter case
//   date      YYYY-MM-DD or DD/MM/YYYY, a real calendar day
//   datetime  YYYY-MM-DD, 'T' or ' ', HH:MM[:SS[.fraction]], then optional Z, +HH:MM, -HH:MM or +HHMM
std::uint8_t classify_value(std::string_view value, ValueClass& out) noexcept;

// Render `value` by the documented rule: the shortest digits that read back as the same double
// (what std::to_chars and Python's repr print), written positionally: 1e+20 -> "100000000000000000000",
// 1.5e-07 -> "0.00000015", 100.0 -> "100", -2.5 -> "-2.5".
std::string render_number(double value);

// Return true when `text` is exactly render_number(`value`) and `value` is finite and not -0.
bool is_exact_number(std::string_view text, double value) noexcept;

// Accumulate one column's statistics in a single pass, counting matches per candidate type.
class ColumnStats {
public:
  // Count a null cell.
  void add_null() noexcept { ++m_nulls; }

  // Count a non-null `value` of data record `record` (starting on `line`): lengths, type matches,
  // per candidate type min and max, and the first k_samples values that miss each candidate type.
  void add_value(std::string_view value, std::uint64_t record = 0, std::uint64_t line = 0);

  // Keep this many values that miss each candidate type, to report them as type errors.
  static constexpr std::size_t k_samples = 10;

  // Return the profile: the narrowest type that at most `max_type_error_ratio` of the values miss.
  [[nodiscard]] ColumnProfile finish(std::string name, double max_type_error_ratio) const;

private:
  static constexpr std::size_t k_text_bound = 40;
  static constexpr std::size_t k_candidates = 5; // every ColumnType but string
  static constexpr std::uint8_t k_all_candidates = (1U << k_candidates) - 1U;

  void keep_samples(std::uint8_t missed, std::string_view value, std::uint64_t record, std::uint64_t line);

  struct TextBound {
    std::array<char, k_text_bound> bytes{};
    std::size_t length = 0;
    [[nodiscard]] std::string_view view() const { return {bytes.data(), length}; }
    void assign(std::string_view text);
  };

  std::uint64_t m_values = 0;
  std::uint64_t m_nulls = 0;
  std::array<std::uint64_t, k_candidates> m_matches{};
  std::int64_t m_integer_min = 0;
  std::int64_t m_integer_max = 0;
  double m_number_min = 0.0;
  double m_number_max = 0.0;
  std::int32_t m_date_min = 0;
  std::int32_t m_date_max = 0;
  TextBound m_datetime_min;
  TextBound m_datetime_max;
  std::uint64_t m_max_length = 0;
  std::uint64_t m_max_chars = 0;
  std::uint8_t m_samples_full = 0; // bit t set once k_samples values missing candidate t are kept
  std::uint8_t m_not_canonical = 0; // bit t set once a value of candidate t is not in its canonical form
  std::array<std::vector<ValueSample>, k_candidates> m_samples;
};

} // namespace fk::csv
