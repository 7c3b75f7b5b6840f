#include "net/url.hpp"

#include <arpa/inet.h>

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

bool is_cleartext_remote(std::string_view url) {
  if (url.rfind("http://", 0) != 0) return false;
  std::string_view host = url.substr(7);
  host = host.substr(0, host.find_first_of("/?#"));
  if (const std::size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (host.rfind("[::1]", 0) == 0) return false;
  const std::string name(host.substr(0, host.find(':')));
  in_addr address{};
  const bool loopback_ip = ::inet_pton(AF_INET, name.c_str(), &address) == 1 && name.rfind("127.", 0) == 0;
  return !(name == "localhost" || loopback_ip);
}

} // namespace fk::net
