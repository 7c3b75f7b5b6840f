#include "download/shard.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace fk::download {

namespace {

// Parse a decimal number that is the whole of `text`.
bool parse_number(std::string_view text, std::size_t& value) {
  if (text.empty() || text.size() > 9) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

util::Result<Shard> parse_shard(std::string_view text) {
  const std::string what = "invalid --shard '" + std::string(text) + "'";
  const std::size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !parse_number(text.substr(0, slash), shard.index) ||
      !parse_number(text.substr(slash + 1), shard.count)) {
    return util::make_error(util::ErrorKind::usage, what, "expected INDEX/COUNT with two whole numbers",
                            "e.g. --shard 0/3 (in an Indexed Job: --shard $(JOB_COMPLETION_INDEX)/3)");
  }
  if (shard.count < 1) {
    return util::make_error(util::ErrorKind::usage, what, "the shard count must be at least 1", "e.g. --shard 0/3");
  }
  if (shard.index >= shard.count) {
    return util::make_error(util::ErrorKind::usage, what, "the index must be below the count (indexes start at 0)",
                            "use 0.." + std::to_string(shard.count - 1) + " with /" + std::to_string(shard.count));
  }
  return shard;
}

std::vector<kaggle::DatasetRef> select_shard(const std::vector<kaggle::DatasetRef>& refs, const Shard& shard) {
  std::vector<std::string> datasets;
  datasets.reserve(refs.size());
  for (const kaggle::DatasetRef& ref : refs) datasets.push_back(ref.ref());
  std::sort(datasets.begin(), datasets.end());
  datasets.erase(std::unique(datasets.begin(), datasets.end()), datasets.end());
  std::vector<kaggle::DatasetRef> selected;
  for (const kaggle::DatasetRef& ref : refs) {
    const auto position = static_cast<std::size_t>(
        std::lower_bound(datasets.begin(), datasets.end(), ref.ref()) - datasets.begin());
    if (position % shard.count == shard.index) selected.push_back(ref);
  }
  return selected;
}

} // namespace fk::download
