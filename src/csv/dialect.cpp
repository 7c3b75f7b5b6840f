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

// Score `delimiter`: how many records share the most common field count, and that count; how many
// fields the first record (the header) has and how many later records have as many; whether the
// delimiter occurs outside quotes at all.
struct DelimiterScore {
  std::size_t consistent_records = 0;
  std::size_t field_count = 0;
  std::size_t header_fields = 0;
  std::size_t header_matches = 0;
  bool occurs = false;
};

std::size_t bucket(std::size_t fields) {
  return fields < k_max_field_counts ? fields : k_max_field_counts - 1;
}

DelimiterScore score_delimiter(std::string_view text, char delimiter, char quote) {
  std::array<std::size_t, k_max_field_counts> histogram{};
  DelimiterScore best;
  std::size_t fields = 1;
  std::size_t records = 0;
  bool in_quote = false;
  bool line_has_content = false;
  const auto end_record = [&] {
    ++histogram[bucket(fields)];
    if (records == 0) {
      best.header_fields = bucket(fields);
    } else if (bucket(fields) == best.header_fields) {
      ++best.header_matches;
    }
    ++records;
  };
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
      best.occurs = true;
    } else if (c == '\n' || c == '\r') {
      if (line_has_content) end_record();
      fields = 1;
      line_has_content = false;
    } else {
      line_has_content = true;
    }
  }
  if (line_has_content && records < k_max_sample_records) end_record();
  for (std::size_t count = 2; count < k_max_field_counts; ++count) {
    if (histogram[count] > best.consistent_records) {
      best.consistent_records = histogram[count];
      best.field_count = count;
    }
  }
  return best;
}

// Return the delimiter the header decides: among those that split the first record, the one for
// which most later records have the header's field count (ties: more header fields, then the
// earlier candidate). When none splits the header, the file has one column: the first candidate
// that never occurs outside quotes, so that no value is split (',' when every one occurs).
char delimiter_from_header(const std::array<DelimiterScore, k_delimiters.size()>& scores) {
  std::size_t best = k_delimiters.size();
  for (std::size_t i = 0; i < k_delimiters.size(); ++i) {
    if (scores[i].header_fields < 2) continue;
    if (best == k_delimiters.size() || scores[i].header_matches > scores[best].header_matches ||
        (scores[i].header_matches == scores[best].header_matches &&
         scores[i].header_fields > scores[best].header_fields)) {
      best = i;
    }
  }
  if (best < k_delimiters.size()) return k_delimiters[best];
  for (std::size_t i = 0; i < k_delimiters.size(); ++i) {
    if (!scores[i].occurs) return k_delimiters[i];
  }
  return k_delimiters[0];
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

Dialect detect_dialect(std::string_view sample, bool header_row) noexcept {
  const std::string_view text = complete_lines(sample);
  Dialect dialect;
  dialect.delimiter_detected = true;
  dialect.quote_detected = true;

  std::array<DelimiterScore, k_delimiters.size()> scores{};
  for (std::size_t i = 0; i < k_delimiters.size(); ++i) scores[i] = score_delimiter(text, k_delimiters[i], '"');
  if (header_row) {
    dialect.delimiter = delimiter_from_header(scores);
  } else {
    std::size_t best = 0;
    for (std::size_t i = 0; i < k_delimiters.size(); ++i) {
      if (scores[i].consistent_records > best) {
        best = scores[i].consistent_records;
        dialect.delimiter = k_delimiters[i];
      }
    }
  }

  const std::size_t double_quoted = count_quoted_fields(text, dialect.delimiter, '"');
  const std::size_t single_quoted = count_quoted_fields(text, dialect.delimiter, '\'');
  // '"' even when no sample field opens with it: a '"' inside an unquoted value is kept literally
  // anyway (stray-quote), and quoted fields past the sample still read as quoted.
  dialect.quote_char = single_quoted > double_quoted ? '\'' : '"';
  return dialect;
}

} // namespace fk::csv
