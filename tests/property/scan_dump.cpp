// Print what the CSV scanner sees in one file, for the differential test (differential_test.py).
//
// Usage: fk-scan-dump FILE [DELIMITER]
// Scans FILE with the options `process` uses (the dialect detected; DELIMITER, one character or
// "tab", pins it), fed in 1 MiB blocks, or in blocks of FK_SCAN_CHUNK bytes when that is set (small
// blocks put every chunk boundary inside quotes, CRLF pairs and UTF-8 sequences), and prints one
// line per fact:
//   dialect <delimiter byte> <quote byte>
//   header <fields> <fnv>            the header record (absent when there is none)
//   record <number> <fields> <fnv>   every data record the scanner passes on, in order
//   error <code> <record> <field_number> <severity>
//   end <records> <valid 0|1> <encoding>
// <fnv> is FNV-1a 64 (hex) over each field as its 8-byte little-endian length then its bytes.
#include "csv/scanner.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace {

std::uint64_t fnv(std::span<const std::string_view> fields) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  };
  for (const std::string_view field : fields) {
    std::uint64_t length = field.size();
    for (int i = 0; i < 8; ++i, length >>= 8U)
      mix(static_cast<unsigned char>(length & 0xFFU));
    for (const char c : field)
      mix(static_cast<unsigned char>(c));
  }
  return hash;
}

std::string hex(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: fk-scan-dump FILE [DELIMITER]\n";
    return 2;
  }
  fk::csv::ScanOptions options;
  if (argc == 3) options.delimiter = std::string_view(argv[2]) == "tab" ? '\t' : argv[2][0];
  fk::csv::Scanner scanner(options);
  bool header_printed = false;
  scanner.on_record([&](std::uint64_t number, std::span<const std::string_view> fields) {
    if (!header_printed) {
      header_printed = true;
      const auto& labels = scanner.labels();
      std::vector<std::string_view> views(labels.begin(), labels.end());
      std::cout << "header " << views.size() << ' ' << hex(fnv(views)) << '\n';
    }
    std::cout << "record " << number << ' ' << fields.size() << ' ' << hex(fnv(fields)) << '\n';
  });
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "fk-scan-dump: cannot open " << argv[1] << '\n';
    return 2;
  }
  std::size_t chunk = std::size_t{1} << 20;
  if (const char* text = std::getenv("FK_SCAN_CHUNK"); text != nullptr && std::atol(text) > 0) {
    chunk = static_cast<std::size_t>(std::atol(text));
  }
  const auto buffer = std::make_unique<char[]>(chunk);
  while (in) {
    in.read(buffer.get(), static_cast<std::streamsize>(chunk));
    if (in.gcount() > 0) scanner.feed(std::string_view(buffer.get(), static_cast<std::size_t>(in.gcount())));
  }
  const fk::csv::FileProfile profile = scanner.finish();
  if (!header_printed && profile.dialect.header_row && !profile.labels.empty()) {
    std::vector<std::string_view> views(profile.labels.begin(), profile.labels.end());
    std::cout << "header " << views.size() << ' ' << hex(fnv(views)) << '\n';
  }
  std::cout << "dialect " << static_cast<int>(profile.dialect.delimiter) << ' '
            << static_cast<int>(profile.dialect.quote_char) << '\n';
  for (const fk::csv::CsvError& error : profile.errors) {
    std::cout << "error " << fk::csv::error_code_name(error.code) << ' ' << error.record << ' ' << error.field_number
              << ' ' << fk::csv::severity_name(error.severity) << '\n';
  }
  const std::string_view encoding = !profile.encoding.other_encoding.empty() ? profile.encoding.other_encoding
                                    : profile.encoding.first_invalid_byte    ? "invalid-utf-8"
                                                                             : "utf-8";
  std::cout << "end " << profile.records << ' ' << (profile.valid() ? 1 : 0) << ' ' << encoding << '\n';
  return 0;
}
