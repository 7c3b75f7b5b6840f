// csv_scan_bench: measure RecordCounter and Scanner throughput on ~200 MB of supermarket-like CSV
// generated in memory. Not a test; build in Release and run by hand: csv_scan_bench [megabytes].
#include "csv/record_counter.hpp"
#include "csv/scanner.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <time.h>

namespace {

constexpr std::size_t k_chunk = 1U << 20;

// Return a deterministic pseudo-random number (64-bit LCG).
std::uint64_t next_random(std::uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return state >> 33;
}

std::string generate(std::size_t target_bytes) {
  static const char* const k_names[] = {
      "\xD7\x97\xD7\x9C\xD7\x91 \xD7\xAA\xD7\xA0\xD7\x95\xD7\x91\xD7\x94 3%",       // milk
      "\xD7\x9C\xD7\x97\xD7\x9D \xD7\x90\xD7\x97\xD7\x99\xD7\x93",                   // bread
      "\"\xD7\x91\xD7\x99\xD7\xA6\xD7\x99\xD7\x9D, \xD7\x92\xD7\x95\xD7\x93\xD7\x9C L\"", // eggs, quoted
      "Coca Cola 1.5L",
      "''",
  };
  std::string text = "chainid,subchainid,storeid,bikoretno,priceupdatedate,itemcode,itemtype,itemname,"
                     "manufacturername,manufacturecountry,unitqty,quantity,bisweighted,unitofmeasure,"
                     "qtyinpackage,itemprice,unitofmeasureprice,allowdiscount,itemstatus,file_name\n";
  text.reserve(target_bytes + 4096);
  std::uint64_t state = 42;
  char line[1024];
  while (text.size() < target_bytes) {
    const std::uint64_t r = next_random(state);
    const int length = std::snprintf(
        line, sizeof line,
        "7290027600007,%llu,%llu,%llu,2024-01-%02llu %02llu:%02llu:00,7290%09llu,1,%s,%s,IL,%s,%llu.00,%s,"
        "%s,%llu,%llu.%02llu,%llu.%02llu,%s,%llu,PriceFull7290027600007-%03llu-202401310800.gz\n",
        static_cast<unsigned long long>(r % 3 + 1), static_cast<unsigned long long>(r % 500),
        static_cast<unsigned long long>(r % 10), static_cast<unsigned long long>(r % 28 + 1),
        static_cast<unsigned long long>(r % 24), static_cast<unsigned long long>(r % 60),
        static_cast<unsigned long long>(r % 1000000000), k_names[r % 5],
        (r & 1) != 0 ? "\xD7\xAA\xD7\xA0\xD7\x95\xD7\x91\xD7\x94" : "",
        (r & 2) != 0 ? "\xD7\x9C\xD7\x99\xD7\x98\xD7\xA8" : "''", static_cast<unsigned long long>(r % 12),
        (r & 4) != 0 ? "0" : "1", (r & 8) != 0 ? "\xD7\x99\xD7\x97\xD7\x99\xD7\x93\xD7\x94" : "",
        static_cast<unsigned long long>(r % 24), static_cast<unsigned long long>(r % 90),
        static_cast<unsigned long long>(r % 100), static_cast<unsigned long long>(r % 50),
        static_cast<unsigned long long>(r % 100), (r & 16) != 0 ? "1" : "0",
        static_cast<unsigned long long>(r % 3), static_cast<unsigned long long>(r % 500));
    text.append(line, static_cast<std::size_t>(length));
  }
  return text;
}

// Measure both wall-clock time and this thread's CPU time, since the machine may be shared.
struct Stopwatch {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = cpu_seconds();

  static double cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
  }
  [[nodiscard]] std::string rates(double mb) const {
    const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    char text[128];
    std::snprintf(text, sizeof text, "%.0f MB/s wall, %.0f MB/s cpu", mb / wall_seconds, mb / (cpu_seconds() - cpu));
    return text;
  }
};

} // namespace

int main(int argc, char** argv) {
  const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200;
  const std::string text = generate(megabytes << 20);
  const std::string_view view = text;
  const double mb = static_cast<double>(text.size()) / 1e6;
  std::printf("input: %.1f MB\n", mb);

  const Stopwatch count_watch;
  fk::csv::RecordCounter counter;
  for (std::size_t at = 0; at < view.size(); at += k_chunk) counter.feed(view.substr(at, k_chunk));
  const std::uint64_t records = counter.finish();
  std::printf("RecordCounter: %llu records, %s\n", static_cast<unsigned long long>(records),
              count_watch.rates(mb).c_str());

  const Stopwatch scan_watch;
  fk::csv::Scanner scanner;
  std::uint64_t fields = 0;
  scanner.on_record([&](std::uint64_t, std::span<const std::string_view> row) { fields += row.size(); });
  for (std::size_t at = 0; at < view.size(); at += k_chunk) scanner.feed(view.substr(at, k_chunk));
  const fk::csv::FileProfile profile = scanner.finish();
  std::printf("Scanner: %llu records, %llu fields, %zu errors, %s\n",
              static_cast<unsigned long long>(profile.records), static_cast<unsigned long long>(fields),
              profile.errors.size(), scan_watch.rates(mb).c_str());
  return profile.records + 1 == records ? 0 : 1;
}
