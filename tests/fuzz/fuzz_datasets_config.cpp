// Fuzz the datasets config reader (download::parse_config): YAML 1.2 or JSON from a ConfigMap.
// Every accepted dataset must carry a valid owner/slug reference (kaggle::is_valid_slug).

#include "download/config.hpp"
#include "kaggle/dataset_ref.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto config = fk::download::parse_config(text, "fuzz input");
  if (!config) return 0;
  for (const auto& dataset : config->datasets) {
    if (!fk::kaggle::is_valid_slug(dataset.ref.owner) || !fk::kaggle::is_valid_slug(dataset.ref.slug)) {
      std::abort(); // an invalid reference was accepted
    }
  }
  return 0;
}
