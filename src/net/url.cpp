#include "net/url.hpp"

namespace fk::net {

std::string redact_url(std::string_view url) {
  const auto cut = url.find_first_of("?#");
  return std::string(url.substr(0, cut));
}

std::string last_path_segment(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  const auto scheme = path.find("://");
  if (scheme != std::string_view::npos) {
    const auto path_start = path.find('/', scheme + 3);
    if (path_start == std::string_view::npos) return {};
    path = path.substr(path_start);
  }
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string url_origin(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return {};
  const auto end = url.find_first_of("/?#", scheme + 3);
  return std::string(url.substr(0, end));
}

} // namespace fk::net
