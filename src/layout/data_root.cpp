#include "layout/data_root.hpp"

namespace fk::layout {

std::filesystem::path resolve_data_root(const std::optional<std::string>& flag, const char* env_value) {
  if (flag && !flag->empty()) return *flag;
  if (env_value != nullptr && *env_value != '\0') return env_value;
  return std::string(k_default_data_root);
}

Layout::Layout(std::filesystem::path root) : m_root(std::filesystem::absolute(root).lexically_normal()) {
  // "/data/kaggle/" normalises to "/data/kaggle/" with an empty last part; drop it.
  if (!m_root.has_filename() && m_root.has_parent_path() && m_root != m_root.root_path()) {
    m_root = m_root.parent_path();
  }
}

} // namespace fk::layout
