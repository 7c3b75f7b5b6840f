#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "kaggle/dataset_ref.hpp"
#include "util/error.hpp"

namespace fk::download {

// One slice of the dataset list: the datasets whose position modulo `count` is `index` (0-based).
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};

// Parse "I/N" (0 <= I < N, N >= 1); a usage error says what is wrong with `text`.
util::Result<Shard> parse_shard(std::string_view text);

// Keep the refs of `shard`: the distinct datasets (owner/slug) are sorted, and a ref is kept when its
// dataset's position in that list modulo shard.count is shard.index. The refs keep their order.
std::vector<kaggle::DatasetRef> select_shard(const std::vector<kaggle::DatasetRef>& refs, const Shard& shard);

} // namespace fk::download
