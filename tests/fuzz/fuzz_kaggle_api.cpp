// Fuzz the Kaggle API response readers (src/kaggle/api_parse.*): every response body the client
// parses (GetDataset, ListDatasets, ListDatasetFiles, GetDatasetMetadata) and the error mapping.
// The first input byte picks the reader and the HTTP status; the rest is the body.

#include "kaggle/api_parse.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const fk::kaggle::CallContext context{"GetDataset", "dataset fuzz/target version 1"};

  static constexpr std::array<long, 8> k_statuses = {200, 200, 400, 401, 403, 404, 429, 503};
  const long status = k_statuses[(selector >> 2U) % k_statuses.size()];
  const auto error = fk::kaggle::response_error(status, body, context);
  if (status != 200 && !error) std::abort(); // every non-2xx status is an error, whatever the body

  switch (selector % 4U) {
  case 0: (void)fk::kaggle::parse_dataset(body, context); break;
  case 1: (void)fk::kaggle::parse_dataset_page(body, context); break;
  case 2: (void)fk::kaggle::parse_file_page(body, context); break;
  default: (void)fk::kaggle::parse_metadata(body, context); break;
  }
  return 0;
}
