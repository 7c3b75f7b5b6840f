#include "csv/dialect.hpp"

#include <array>
#include <cstddef>

namespace fk::csv {

namespace {

constexpr std::array<char, 4> k_delimiters = {',', ';', '\t', '|'};
constexpr std::size_t k_max_sample_records = 200;
constexpr std::size_t k_max_field_counts = 64;

// Return `sample` without its last line when that line may have been cut by the sample limit.
std::string_view complete_lines(std::string_view sample) {
  const std::size_t last = sample.find_last_of("\r\n");
  if (last == std::string_view::npos) return sample;
  return sample.substr(0, last + 1);
}

// Score `delimiter`: how many records share the most common field count, and that count.
struct DelimiterScore {
  std::size_t consistent_records = 0;
  std::size_t field_count = 0;
};

DelimiterScore score_delimiter(std::string_view text, char delimiter, char quote) {
  std::array<std::size_t, k_max_field_counts> histogram{};
  std::size_t fields = 1;
  std::size_t records = 0;
  bool in_quote = false;
  bool line_has_content = false;
  for (std::size_t i = 0; i < text.size() && records < k_max_sample_records; ++i) {
    const char c = text[i];
    if (in_quote) {
      if (c == quote) in_quote = false;
      continue;
    }
    if (c == quote && quote != '\0') {
      in_quote = true;
      line_has_content = true;
    } else if (c == delimiter) {
      ++fields;
      line_has_content = true;
    } else if (c == '\n' || c == '\r') {
      if (line_has_content) {
        ++histogram[fields < k_max_field_counts ? fields : k_max_field_counts - 1];
        ++records;
      }
      fields = 1;
      line_has_content = false;
    } else {
      line_has_content = true;
    }
  }
  if (line_has_content && records < k_max_sample_records) {
    ++histogram[fields < k_max_field_counts ? fields : k_max_field_counts - 1];
  }
  DelimiterScore best;
  for (std::size_t count = 2; count < k_max_field_counts; ++count) {
    if (histogram[count] > best.consistent_records) best = DelimiterScore{histogram[count], count};
  }
  return best;
}

bool is_boundary_before(std::string_view text, std::size_t i, char delimiter) {
  return i == 0 || text[i - 1] == delimiter || text[i - 1] == '\n' || text[i - 1] == '\r';
}

bool is_boundary_after(std::string_view text, std::size_t i, char delimiter) {
  return i + 1 >= text.size() || text[i + 1] == delimiter || text[i + 1] == '\n' || text[i + 1] == '\r';
}

// Count fields that open with `quote`; for '\'' count only fields that also close with it and are
// not the bare token ''.
std::size_t count_quoted_fields(std::string_view text, char delimiter, char quote) {
  std::size_t opened = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != quote || !is_boundary_before(text, i, delimiter)) continue;
    if (quote == '"') {
      ++opened;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == quote) continue; // the token '' or an escaped quote
    for (std::size_t j = i + 1; j < text.size() && text[j] != '\n' && text[j] != '\r'; ++j) {
      if (text[j] == quote && is_boundary_after(text, j, delimiter)) {
        ++opened;
        i = j;
        break;
      }
    }
  }
  return opened;
}

} // namespace

std::string_view line_endings_name(LineEndings endings) noexcept {
  switch (endings) {
  case LineEndings::none: return "none";
  case LineEndings::lf: return "lf";
  case LineEndings::crlf: return "crlf";
  case LineEndings::cr: return "cr";
  case LineEndings::mixed: return "mixed";
  }
  return "none";
}

Dialect detect_dialect(std::string_view sample) noexcept {
  const std::string_view text = complete_lines(sample);
  Dialect dialect;
  dialect.delimiter_detected = true;
  dialect.quote_detected = true;

  DelimiterScore best;
  for (const char delimiter : k_delimiters) {
    const DelimiterScore score = score_delimiter(text, delimiter, '"');
    if (score.consistent_records > best.consistent_records) {
      best = score;
      dialect.delimiter = delimiter;
    }
  }

  const std::size_t double_quoted = count_quoted_fields(text, dialect.delimiter, '"');
  const std::size_t single_quoted = count_quoted_fields(text, dialect.delimiter, '\'');
  if (single_quoted > double_quoted) {
    dialect.quote_char = '\'';
  } else if (double_quoted == 0 && text.find('"') != std::string_view::npos) {
    dialect.quote_char = '\0';
  } else {
    dialect.quote_char = '"';
  }
  return dialect;
}

} // namespace fk::csv
