#include "kaggle/dataset_ref.hpp"

#include <charconv>
#include <vector>

namespace fk::kaggle {

namespace {

// Longest slug accepted; Kaggle's own limit is lower, this only bounds garbage.
constexpr std::size_t k_max_slug_length = 100;

const char* const k_ref_fix = "write the dataset as owner/slug or owner/slug/VERSION, as in its kaggle.com URL "
                              "(e.g. heptapod/titanic or heptapod/titanic/3)";

std::vector<std::string_view> split_slash(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto slash = text.find('/');
    parts.push_back(text.substr(0, slash));
    if (slash == std::string_view::npos) break;
    text.remove_prefix(slash + 1);
  }
  return parts;
}

} // namespace

bool is_valid_slug(std::string_view text) {
  if (text.empty() || text.size() > k_max_slug_length || text == "." || text == "..") return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string DatasetRef::to_string() const {
  return version ? ref() + "/" + std::to_string(*version) : ref();
}

util::Result<DatasetRef> parse_dataset_ref(std::string_view text) {
  const std::string what = "invalid dataset reference '" + std::string(text) + "'";
  const auto parts = split_slash(text);
  if (parts.size() < 2 || parts.size() > 3) {
    return util::make_error(util::ErrorKind::usage, what, "expected owner/slug or owner/slug/VERSION", k_ref_fix);
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string_view part = parts[i];
    const char* role = i == 0 ? "owner" : "dataset slug";
    if (part.empty()) {
      return util::make_error(util::ErrorKind::usage, what, std::string("the ") + role + " is empty", k_ref_fix);
    }
    if (!is_valid_slug(part)) {
      return util::make_error(util::ErrorKind::usage, what,
                              std::string("the ") + role + " '" + std::string(part) +
                                  "' may only hold lowercase letters, digits, '-', '_' and '.'",
                              k_ref_fix);
    }
  }
  DatasetRef ref{std::string(parts[0]), std::string(parts[1]), std::nullopt};
  if (parts.size() == 3) {
    const std::string_view number = parts[2];
    std::int64_t version = 0;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), version);
    if (number.empty() || ec != std::errc() || ptr != number.data() + number.size() || version < 1) {
      return util::make_error(util::ErrorKind::usage, what,
                              "the version '" + std::string(number) + "' is not a positive whole number", k_ref_fix);
    }
    ref.version = version;
  }
  return ref;
}

} // namespace fk::kaggle
