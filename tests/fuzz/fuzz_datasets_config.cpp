// Fuzz the strict config reader (config::parse_config): YAML 1.2 or JSON from a ConfigMap.
// It must never throw; every accepted dataset must carry a valid owner/slug reference
// (kaggle::is_valid_slug) and every accepted retention period must be one parse_keep accepts.

#include "config/config.hpp"
#include "kaggle/dataset_ref.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto config = fk::config::parse_config(text, "fuzz input");
  if (!config) return 0;
  for (const auto& dataset : config->datasets) {
    if (!fk::kaggle::is_valid_slug(dataset.ref.owner) || !fk::kaggle::is_valid_slug(dataset.ref.slug)) {
      std::abort(); // an invalid reference was accepted
    }
  }
  for (const auto* keep : {&config->retention.raw, &config->retention.processed, &config->retention.reports,
                           &config->retention.metadata, &config->retention.archive}) {
    if (*keep && **keep && (***keep < 0 || ***keep > 700'000)) std::abort(); // a period parse_keep refuses
  }
  return 0;
}
