// Fuzz the download manifest reader (report::parse_manifest), the JSON every later step trusts.
// An accepted manifest must survive a round trip: written back with write_manifest_json and read
// again, it holds the same datasets and files.

#include "report/download_manifest.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto manifest = fk::report::parse_manifest(text, "fuzz input");
  if (!manifest) return 0;

  std::ostringstream out;
  fk::report::write_manifest_json(out, *manifest);
  const std::string written = out.str();
  const auto again = fk::report::parse_manifest(written, "fuzz round trip");
  if (!again) std::abort(); // what we write, we must read back
  if (again->day != manifest->day || again->datasets.size() != manifest->datasets.size()) std::abort();
  for (std::size_t i = 0; i < manifest->datasets.size(); ++i) {
    const auto& before = manifest->datasets[i];
    const auto& after = again->datasets[i];
    if (before.ref != after.ref || before.version != after.version || before.files.size() != after.files.size()) {
      std::abort();
    }
    for (std::size_t f = 0; f < before.files.size(); ++f) {
      if (before.files[f].path != after.files[f].path || before.files[f].sha256 != after.files[f].sha256 ||
          before.files[f].bytes != after.files[f].bytes || before.files[f].records != after.files[f].records) {
        std::abort();
      }
    }
  }
  return 0;
}
