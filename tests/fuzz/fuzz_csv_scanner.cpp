// Fuzz the streaming CSV scanner and the record counter (src/csv/): any bytes, any chunking.
//
// The first input byte picks the options (header row, forced delimiter or quote, chunk size);
// the rest is the file. Beyond "no crash, no UB, no leak", check what the headers promise: the
// chunk boundaries change neither the scanner's profile totals nor the record counter's count.

#include "csv/record_counter.hpp"
#include "csv/scanner.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

// Scan `text` fed in chunks of `chunk` bytes and return the profile.
fk::csv::FileProfile scan_chunked(std::string_view text, const fk::csv::ScanOptions& options, std::size_t chunk) {
  fk::csv::Scanner scanner(options);
  std::uint64_t seen = 0;
  scanner.on_record([&seen](std::uint64_t, std::span<const std::string_view>) { ++seen; });
  for (std::size_t at = 0; at < text.size(); at += chunk) scanner.feed(text.substr(at, chunk));
  fk::csv::FileProfile profile = scanner.finish();
  if (seen > profile.records) std::abort(); // the callback never sees more records than counted
  return profile;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  fk::csv::ScanOptions options;
  options.header_row = (flags & 1U) == 0;
  if ((flags & 2U) != 0) options.delimiter = (flags & 4U) != 0 ? ';' : '\t';
  if ((flags & 8U) != 0) options.quote_char = (flags & 16U) != 0 ? '\'' : '\0';
  options.sample_bytes = 256; // small, so inputs cross the end of the detection sample
  options.max_record_bytes = 4096;
  const std::size_t chunk = 1U + (flags >> 5U); // 1..8 bytes

  const fk::csv::FileProfile whole = fk::csv::scan_text(text, options);
  const fk::csv::FileProfile pieces = scan_chunked(text, options, chunk);
  if (whole.records != pieces.records || whole.bytes != pieces.bytes || whole.fields != pieces.fields ||
      whole.errors.size() != pieces.errors.size() || whole.labels != pieces.labels ||
      whole.empty_lines != pieces.empty_lines) {
    std::abort(); // chunking changed the result
  }
  // Whole, most records take the plain-record fast path; in pieces of 1-8 bytes most go through the
  // state machine: both must find the same errors and the same columns.
  for (std::size_t i = 0; i < whole.errors.size(); ++i) {
    const fk::csv::CsvError& a = whole.errors[i];
    const fk::csv::CsvError& b = pieces.errors[i];
    if (a.code != b.code || a.record != b.record || a.line != b.line || a.field_number != b.field_number ||
        a.value != b.value) {
      std::abort();
    }
  }
  for (std::size_t i = 0; i < whole.columns.size(); ++i) {
    const fk::csv::ColumnProfile& a = whole.columns[i];
    const fk::csv::ColumnProfile& b = pieces.columns[i];
    if (a.type != b.type || a.values != b.values || a.nulls != b.nulls || a.max_length != b.max_length) std::abort();
  }

  const char quote = options.quote_char.value_or('"');
  fk::csv::RecordCounter counter(quote);
  for (std::size_t at = 0; at < text.size(); at += chunk) counter.feed(text.substr(at, chunk));
  if (counter.finish() != fk::csv::count_records(text, quote)) std::abort();
  return 0;
}
