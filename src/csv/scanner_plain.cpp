// Scanner: the fast path for plain records (no quote character, whole in the chunk).
#include "csv/scanner.hpp"

namespace fk::csv {

void Scanner::parse_plain_record(const char*& p, const char* end) {
  // Fast path for the common record: no quote character, complete in this chunk, within the record
  // limit. Its fields are views into the chunk (no copy into m_record), found through the chunk's
  // StructuralIndex; where they start is only recorded when an invalid byte needs placing. Anything
  // else hands over to the state machine at the byte where this path stopped, after replaying the
  // fields seen so far into m_record (demote_fields), so both paths make the same calls and reach
  // the same state.
  const char delimiter = m_delimiter;
  const char quote = m_quote;
  const bool quoting = quote != '\0';
  const char* const begin = p;
  if (quoting && *p == quote) {
    m_state = State::field_start;
    return;
  }
  const char* field = p;
  for (;;) {
    const char* stop = m_index.next(field);
    if (stop == end) {
      demote_fields(field, stop); // the chunk ends inside the record
      m_state = State::unquoted;
      p = stop;
      return;
    }
    const char c = *stop;
    if (c != delimiter && c == quote) {
      demote_fields(field, stop); // a stray quote: the state machine reports it
      m_state = State::unquoted;
      p = stop;
      return;
    }
    if (c == delimiter) {
      m_fields.emplace_back(field, static_cast<std::size_t>(stop - field));
      field = stop + 1;
      if (field == end || (quoting && *field == quote)) {
        demote_fields(nullptr, nullptr);
        m_state = State::field_start;
        p = field;
        return;
      }
      continue;
    }
    if (static_cast<std::size_t>(stop - begin) > m_options.max_record_bytes) {
      demote_fields(field, stop); // the state machine reports the record as too long
      m_state = State::unquoted;
      p = stop;
      return;
    }
    m_fields.emplace_back(field, static_cast<std::size_t>(stop - field));
    // Where each field starts matters only to place an invalid byte; the fields are views into the chunk.
    if (m_invalid_head < m_invalid_offsets.size()) {
      for (const std::string_view seen : m_fields) m_field_starts.push_back(offset_of(seen.data()));
    }
    process_record(offset_of(stop));
    m_fields.clear();
    m_field_starts.clear();
    line_terminator(c);
    p = stop + 1;
    return;
  }
}

} // namespace fk::csv
