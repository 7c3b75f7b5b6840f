#include "csv/scanner.hpp"

#include "csv/byte_search.hpp"

#include <algorithm>
#include <cstring>

namespace fk::csv {

namespace {

constexpr std::size_t k_max_record_limit = std::size_t{1} << 30;
constexpr std::size_t k_value_bytes = 80;
constexpr std::string_view k_bom = "\xEF\xBB\xBF";

} // namespace

Scanner::Scanner(ScanOptions options)
    : m_options(std::move(options)), m_utf8([this](std::uint64_t offset) {
        if (!m_profile.encoding.first_invalid_byte) m_profile.encoding.first_invalid_byte = offset;
        const std::size_t waiting = m_invalid_offsets.size() - m_invalid_head;
        if (m_kept[static_cast<std::size_t>(ErrorCode::encoding_error)] + waiting < m_options.max_errors_per_code) {
          m_invalid_offsets.push_back(offset);
        } else {
          ErrorCount& count = m_profile.error_counts[static_cast<std::size_t>(ErrorCode::encoding_error)];
          ++count.count;
          count.truncated = true;
        }
      }) {
  m_options.max_record_bytes = std::clamp<std::size_t>(m_options.max_record_bytes, 1, k_max_record_limit);
  for (const std::string& token : m_options.null_tokens) {
    if (token.size() < 64) m_null_lengths |= std::uint64_t{1} << token.size();
  }
  m_profile.dialect.header_row = m_options.header_row;
  m_record.resize(4096);
  m_field_ends.reserve(64);
  m_field_starts.reserve(64);
  m_fields.reserve(64);
}

void Scanner::feed(std::string_view chunk) {
  m_profile.bytes += chunk.size();
  if (!m_started) {
    const std::size_t take = std::min(chunk.size(), m_options.sample_bytes - m_sample.size());
    m_sample.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (m_sample.size() < m_options.sample_bytes) return;
    start();
  }
  if (!chunk.empty() && !m_unread) consume(chunk);
}

void Scanner::start() {
  m_started = true;
  std::string_view sample = m_sample;
  if (reject_other_encoding(sample)) {
    std::string().swap(m_sample);
    return;
  }
  if (sample.starts_with(k_bom)) {
    m_profile.encoding.bom = true;
    sample.remove_prefix(k_bom.size());
    m_stream_offset = k_bom.size();
  }
  Dialect dialect = detect_dialect(sample, m_options.header_row);
  dialect.header_row = m_options.header_row;
  if (m_options.delimiter) {
    dialect.delimiter = *m_options.delimiter;
    dialect.delimiter_detected = false;
  }
  if (m_options.quote_char) {
    dialect.quote_char = *m_options.quote_char;
    dialect.quote_detected = false;
  }
  m_profile.dialect = dialect;
  m_delimiter = dialect.delimiter;
  m_quote = dialect.quote_char;
  consume(sample);
  std::string().swap(m_sample);
}

void Scanner::consume(std::string_view data) {
  m_utf8.feed(data, m_stream_offset);
  m_chunk_data = data.data();
  m_chunk_offset = m_stream_offset;
  const char quote_or_delimiter = m_quote != '\0' ? m_quote : m_delimiter;
  m_index.reset(data.data(), data.data() + data.size(), m_delimiter, '\n', '\r', quote_or_delimiter);
  parse(data.data(), data.data() + data.size());
  m_stream_offset += data.size();
}

inline void Scanner::append(const char* begin, const char* end) {
  if (m_too_long) return;
  if (offset_of(end) - m_record_start_offset > m_options.max_record_bytes) {
    mark_too_long();
    return;
  }
  const auto length = static_cast<std::size_t>(end - begin);
  if (m_record_size + length > m_record.size()) m_record.resize(std::max(m_record.size() * 2, m_record_size + length));
  std::memcpy(m_record.data() + m_record_size, begin, length);
  m_record_size += length;
}

inline void Scanner::end_field(const char* at) {
  if (m_too_long) return;
  if (offset_of(at) - m_record_start_offset > m_options.max_record_bytes) {
    mark_too_long();
    return;
  }
  m_field_ends.push_back(static_cast<std::uint32_t>(m_record_size));
}

void Scanner::mark_too_long() {
  m_too_long = true;
  m_too_long_prefix.assign(m_record, 0, std::min(m_record_size, k_value_bytes));
  m_record_size = 0;
  m_field_ends.clear();
  m_field_starts.clear();
}

void Scanner::note_issue(ErrorCode code) {
  const std::size_t field_index = m_field_ends.size();
  if (!m_issues.empty() && m_issues.back().code == code && m_issues.back().field_index == field_index) return;
  m_issues.push_back(RecordIssue{code, field_index});
}

void Scanner::line_terminator(char terminator) {
  ++m_line;
  if (terminator == '\r') {
    m_after_cr = true;
  } else {
    ++m_lf;
  }
}

void Scanner::end_record(std::uint64_t end_offset) {
  if (!m_too_long) {
    std::uint32_t begin = 0;
    for (const std::uint32_t field_end : m_field_ends) {
      m_fields.emplace_back(m_record.data() + begin, field_end - begin);
      begin = field_end;
    }
  }
  process_record(end_offset);
  m_fields.clear();
  m_record_size = 0;
  m_field_ends.clear();
  m_field_starts.clear();
  m_issues.clear();
  m_too_long = false;
}

void Scanner::demote_fields(const char* partial, const char* partial_end) {
  for (const std::string_view field : m_fields) {
    if (!m_too_long) m_field_starts.push_back(offset_of(field.data()));
    append(field.data(), field.data() + field.size());
    end_field(field.data() + field.size());
  }
  m_fields.clear();
  if (partial == nullptr) return;
  if (!m_too_long) m_field_starts.push_back(offset_of(partial));
  append(partial, partial_end);
}

void Scanner::parse(const char* p, const char* end) {
  const char delimiter = m_delimiter;
  const char quote = m_quote;
  // With no quoting, search for the delimiter twice instead of for a quote.
  const char quote_or_delimiter = quote != '\0' ? quote : delimiter;
  while (p < end) {
    if (m_after_cr) {
      m_after_cr = false;
      if (*p == '\n') {
        ++m_crlf;
        if (m_state == State::quoted) append(p, p + 1);
        ++p;
        continue;
      }
      ++m_cr;
    }
    switch (m_state) {
    case State::record_start:
      if (*p == '\n' || *p == '\r') {
        ++m_profile.empty_lines;
        line_terminator(*p);
        ++p;
        continue;
      }
      m_record_start_offset = offset_of(p);
      m_record_line = m_line;
      parse_plain_record(p, end); // when the record is not plain, m_state and p say where to go on
      continue;
    case State::field_start:
      if (!m_too_long) m_field_starts.push_back(offset_of(p));
      if (*p == quote && quote != '\0') {
        m_state = State::quoted;
        ++p;
        continue;
      }
      m_state = State::unquoted;
      [[fallthrough]];
    case State::unquoted: {
      // Hot loop: run from unquoted field to unquoted field without going back to the switch.
      for (;;) {
        const char* stop = detail::find_any4(p, end, delimiter, '\n', '\r', quote_or_delimiter);
        append(p, stop);
        p = stop;
        if (p == end) return;
        const char c = *p++;
        if (c == delimiter) {
          end_field(p - 1);
          if (p == end || (*p == quote && quote != '\0')) {
            m_state = State::field_start;
            break;
          }
          if (!m_too_long) m_field_starts.push_back(offset_of(p));
        } else if (c == quote) {
          note_issue(ErrorCode::stray_quote);
          append(p - 1, p);
        } else {
          end_field(p - 1);
          end_record(offset_of(p - 1));
          line_terminator(c);
          m_state = State::record_start;
          break;
        }
      }
      continue;
    }
    case State::quoted: {
      const char* stop = detail::find_any3(p, end, quote, '\n', '\r');
      append(p, stop);
      p = stop;
      if (p == end) return;
      if (*p == quote) {
        m_state = State::after_quote;
      } else {
        append(p, p + 1);
        line_terminator(*p);
      }
      ++p;
      continue;
    }
    case State::after_quote: {
      const char c = *p;
      if (c == quote) {
        append(p, p + 1);
        m_state = State::quoted;
        ++p;
      } else if (c == delimiter) {
        end_field(p);
        m_state = State::field_start;
        ++p;
      } else if (c == '\n' || c == '\r') {
        end_field(p);
        end_record(offset_of(p));
        line_terminator(c);
        m_state = State::record_start;
        ++p;
      } else {
        note_issue(ErrorCode::stray_quote);
        m_state = State::unquoted;
      }
      continue;
    }
    }
  }
}

FileProfile Scanner::finish() {
  if (!m_started) start();
  m_utf8.finish();
  if (m_after_cr) {
    m_after_cr = false;
    ++m_cr;
  }
  m_chunk_data = nullptr;
  m_chunk_offset = m_stream_offset;
  if (m_state != State::record_start) {
    if (m_state == State::quoted) note_issue(ErrorCode::unclosed_quote);
    end_field(nullptr);
    end_record(m_stream_offset);
    m_state = State::record_start;
  }
  report_encoding_errors(m_profile.records, ~std::uint64_t{0});
  report_missing_header();

  const std::uint64_t kinds = (m_lf > 0 ? 1U : 0U) + (m_crlf > 0 ? 1U : 0U) + (m_cr > 0 ? 1U : 0U);
  if (kinds > 1) m_profile.line_endings = LineEndings::mixed;
  else if (m_lf > 0) m_profile.line_endings = LineEndings::lf;
  else if (m_crlf > 0) m_profile.line_endings = LineEndings::crlf;
  else if (m_cr > 0) m_profile.line_endings = LineEndings::cr;

  m_profile.fields = m_columns.size();
  m_profile.columns.reserve(m_columns.size());
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    m_profile.columns.push_back(m_columns[i].finish(std::string(field_name(i)), m_options.max_type_error_ratio));
  }
  if (m_options.report_type_errors) report_type_errors();
  // Errors are kept in file order; type errors are only known at the end.
  std::stable_sort(m_profile.errors.begin(), m_profile.errors.end(),
                   [](const CsvError& a, const CsvError& b) { return a.record < b.record; });
  return std::move(m_profile);
}

FileProfile scan_text(std::string_view text, const ScanOptions& options) {
  Scanner scanner(options);
  scanner.feed(text);
  return scanner.finish();
}

} // namespace fk::csv
