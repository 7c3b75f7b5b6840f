#include "fake_kaggle/auth.hpp"

#include "util/hash.hpp"

#include <algorithm>
#include <cctype>

namespace fk::fake_kaggle {

namespace {

util::Error bad_spec(std::string_view option, std::string_view spec, std::string_view shape) {
  return util::make_error(util::ErrorKind::usage, "invalid " + std::string(option) + " \"" + std::string(spec) + "\"",
                          "expected " + std::string(shape), "pass " + std::string(option) + " " + std::string(shape));
}

// Split "<scheme> <rest>" with a case-insensitive scheme; nullopt when it does not start with `scheme`.
std::optional<std::string_view> after_scheme(std::string_view header, std::string_view scheme) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(scheme[i]))) {
      return std::nullopt;
    }
  }
  std::string_view rest = header.substr(scheme.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  return rest;
}

} // namespace

util::Status Credentials::add_user(std::string_view spec) {
  const auto colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == spec.size()) {
    return bad_spec("--user", spec, "NAME:KEY");
  }
  m_keys[std::string(spec.substr(0, colon))] = std::string(spec.substr(colon + 1));
  return util::Ok{};
}

util::Status Credentials::add_token(std::string_view spec) {
  const auto equals = spec.rfind('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size()) {
    return bad_spec("--token", spec, "TOKEN=NAME");
  }
  m_tokens[std::string(spec.substr(0, equals))] = std::string(spec.substr(equals + 1));
  return util::Ok{};
}

std::optional<Caller> Credentials::identify(std::string_view authorization) const {
  if (authorization.empty()) return Caller{};
  if (const auto encoded = after_scheme(authorization, "Basic")) {
    const auto decoded = util::base64_decode(*encoded);
    if (!decoded) return std::nullopt;
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string user = decoded->substr(0, colon);
    const auto found = m_keys.find(user);
    if (found == m_keys.end() || found->second != decoded->substr(colon + 1)) return std::nullopt;
    return Caller{false, user};
  }
  if (const auto token = after_scheme(authorization, "Bearer")) {
    const auto found = m_tokens.find(std::string(*token));
    if (found == m_tokens.end()) return std::nullopt;
    return Caller{false, found->second};
  }
  return std::nullopt;
}

std::vector<std::string> Credentials::secrets() const {
  std::vector<std::string> out;
  for (const auto& [user, key] : m_keys) out.push_back(key);
  for (const auto& [token, user] : m_tokens) out.push_back(token);
  return out;
}

} // namespace fk::fake_kaggle
