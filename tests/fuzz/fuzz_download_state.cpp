// Fuzz the download state reader (download::read_state): metadata/download_state.json of a real
// scratch data root, written with the input bytes. Damage must end as a warning or an error, and a
// state that is read must survive write_state and read_state again unchanged.

#include "download/state.hpp"
#include "fuzz_scratch.hpp"
#include "layout/data_root.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path root = fk::fuzz::scratch_dir() / "root";
  std::filesystem::remove_all(root);
  const fk::layout::Layout layout(root);
  fk::fuzz::write_bytes(fk::download::state_path(layout),
                        std::string_view(reinterpret_cast<const char*>(data), size));

  std::string warning;
  const auto state = fk::download::read_state(layout, warning);
  if (!state) return 0;

  if (!fk::download::write_state(layout, *state)) std::abort(); // a state we read must be writable
  std::string warning_again;
  const auto again = fk::download::read_state(layout, warning_again);
  if (!again || !warning_again.empty() || again->datasets.size() != state->datasets.size()) std::abort();
  for (const auto& [ref, entry] : state->datasets) {
    const auto found = again->datasets.find(ref);
    if (found == again->datasets.end() || found->second.version != entry.version ||
        found->second.archive_md5 != entry.archive_md5 || found->second.files != entry.files) {
      std::abort(); // the round trip lost or changed an entry
    }
  }
  return 0;
}
