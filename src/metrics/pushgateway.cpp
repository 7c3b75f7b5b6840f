#include "metrics/pushgateway.hpp"

#include "util/hash.hpp"

#include <algorithm>
#include <cstdlib>

namespace fk::metrics {

namespace {

// Decode %XX escapes (as in URL user info); other bytes are kept.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const std::string hex(text.substr(i + 1, 2));
      char* end = nullptr;
      const long value = std::strtol(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 2) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// Return true when `value` can be a path segment as it is.
bool plain_segment(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok || value == "." || value == "..") return false;
  }
  return true;
}

// Encode `value` as base64url (RFC 4648 section 5), as the Pushgateway's @base64 suffix expects.
std::string base64url(std::string_view value) {
  if (value.empty()) return "=";
  std::string out = util::base64_encode(value);
  for (char& c : out) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  return out;
}

} // namespace

PushTarget split_push_url(std::string_view url) {
  PushTarget target;
  std::string rest(url);
  const std::size_t scheme = rest.find("://");
  if (scheme != std::string::npos) {
    const std::size_t host = scheme + 3;
    const std::size_t authority_end = std::min(rest.find_first_of("/?#", host), rest.size());
    const std::string_view authority = std::string_view(rest).substr(host, authority_end - host);
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      const std::string_view userinfo = authority.substr(0, at);
      const std::size_t colon = userinfo.find(':');
      target.username = percent_decode(userinfo.substr(0, colon));
      if (colon != std::string_view::npos) target.password = percent_decode(userinfo.substr(colon + 1));
      rest.erase(host, at + 1);
    }
  }
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  target.base_url = rest;
  return target;
}

std::string grouping_path(const Labels& grouping) {
  std::string path = "/metrics/job/" + std::string(k_job);
  for (const auto& [name, value] : grouping) {
    if (plain_segment(value)) path += "/" + name + "/" + value;
    else path += "/" + name + "@base64/" + base64url(value);
  }
  return path;
}

std::string_view push_method(const RunMetrics& metrics) {
  return metrics.outcome == "success" ? "PUT" : "POST";
}

} // namespace fk::metrics
