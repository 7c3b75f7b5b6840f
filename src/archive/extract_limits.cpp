#include "archive/extract_limits.hpp"

#include "util/fs.hpp"

#include <algorithm>
#include <string>

namespace fk::archive {

namespace {

constexpr std::uint64_t k_space_check_bytes = 64ULL << 20U; // measure free space at least this often
constexpr std::uint64_t k_min_space_step = 1ULL << 20U;

constexpr std::string_view k_bomb_fix =
    "this looks like a zip bomb: do not retry it; if the dataset is really that large, raise the extraction limit";
constexpr std::string_view k_space_fix =
    "free space on the data volume or grow it (e.g. run `fetch-kaggle archive` to prune old days), then retry";

util::Error limit_error(util::ErrorKind kind, std::string why, std::string_view fix) {
  return util::make_error(kind, "", std::move(why), std::string(fix));
}

} // namespace

util::Status ExtractLimits::begin_entry(std::optional<std::uint64_t> declared, std::uint64_t position) {
  m_entry_written = 0;
  m_declared = declared;
  m_entry_start = position;
  if (!declared) return util::Ok{};
  if (*declared > m_options.max_entry_bytes) {
    return limit_error(util::ErrorKind::validation,
                       "the entry declares " + util::human_bytes(*declared) + ", more than " +
                           util::human_bytes(m_options.max_entry_bytes) + ", the limit for one file",
                       k_bomb_fix);
  }
  if (*declared > m_options.max_total_bytes - std::min(m_written, m_options.max_total_bytes)) {
    return limit_error(util::ErrorKind::validation,
                       "the archive unpacks to more than " + util::human_bytes(m_options.max_total_bytes) +
                           ", the limit on uncompressed bytes (this entry declares " + util::human_bytes(*declared) +
                           ")",
                       k_bomb_fix);
  }
  if (m_written + *declared < m_next_space_check) return util::Ok{}; // within the margin last measured
  return check_free_space(*declared);
}

util::Status ExtractLimits::admit(std::uint64_t count, std::uint64_t position) {
  const std::uint64_t after = m_written + count;
  const std::uint64_t entry_after = m_entry_written + count;
  if (m_declared && entry_after > *m_declared) {
    return limit_error(util::ErrorKind::validation,
                       "the entry expands beyond the " + std::to_string(*m_declared) + " bytes its header declares",
                       "the archive is damaged or hostile (a zip bomb lies about its sizes): do not retry it");
  }
  if (entry_after > m_options.max_entry_bytes) {
    return limit_error(util::ErrorKind::validation,
                       "the entry unpacks to more than " + util::human_bytes(m_options.max_entry_bytes) +
                           ", the limit for one file",
                       k_bomb_fix);
  }
  if (after > m_options.max_total_bytes) {
    return limit_error(util::ErrorKind::validation,
                       "the archive unpacks to more than " + util::human_bytes(m_options.max_total_bytes) +
                           ", the limit on uncompressed bytes",
                       k_bomb_fix);
  }
  const std::uint64_t compressed = std::max<std::uint64_t>(position - std::min(position, m_entry_start), 1);
  if (m_options.max_ratio > 0 && entry_after >= m_options.ratio_grace_bytes &&
      static_cast<double>(entry_after) > m_options.max_ratio * static_cast<double>(compressed)) {
    return limit_error(util::ErrorKind::validation,
                       "the entry unpacked to " + std::to_string(entry_after) + " bytes from only " +
                           std::to_string(compressed) + " compressed bytes, more than " +
                           std::to_string(static_cast<long long>(m_options.max_ratio)) +
                           " times as many (the opt-in compression ratio limit)",
                       "raise or drop the compression ratio limit if the data is this compressible; otherwise it "
                       "is a zip bomb: do not retry it");
  }
  if (after >= m_next_space_check) {
    if (auto status = check_free_space(count); !status.ok()) return status;
  }
  m_written = after;
  m_entry_written = entry_after;
  return util::Ok{};
}

util::Status ExtractLimits::check_free_space(std::uint64_t more) {
  if (!m_options.min_free_bytes) return util::Ok{};
  auto free = util::free_bytes(m_volume);
  if (!free.ok()) return free.error();
  const std::uint64_t floor = *m_options.min_free_bytes;
  if (*free < floor || *free - floor < more) {
    return limit_error(util::ErrorKind::no_space,
                       "the volume holding " + m_volume.string() + " has " + util::human_bytes(*free) + " free, and " +
                           util::human_bytes(more) + " more would leave less than " + util::human_bytes(floor),
                       k_space_fix);
  }
  // Measure again before the margin left could be used up: at half of it, at least every 64 MiB.
  m_next_space_check =
      m_written + std::clamp<std::uint64_t>((*free - floor - more) / 2, k_min_space_step, k_space_check_bytes);
  return util::Ok{};
}

} // namespace fk::archive
