#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace fk::fake_kaggle {

// Who sent a request: anonymous, or a user name (from a Basic key or a Bearer token).
struct Caller {
  bool anonymous = true;
  std::string name;

  // Return true when this caller may see a dataset of `owner` that is private when `is_private`.
  [[nodiscard]] bool may_see(std::string_view owner, bool is_private) const {
    return !is_private || (!anonymous && name == owner);
  }
};

// The users and tokens the server accepts.
class Credentials {
public:
  // Accept `Basic base64(NAME:KEY)` for `spec` = "NAME:KEY".
  util::Status add_user(std::string_view spec);

  // Accept `Bearer TOKEN` as user NAME for `spec` = "TOKEN=NAME".
  util::Status add_token(std::string_view spec);

  // Identify the sender of Authorization header value `authorization` (empty: anonymous);
  // nullopt when the credential is malformed or unknown (answer 401).
  [[nodiscard]] std::optional<Caller> identify(std::string_view authorization) const;

  // Return the keys and tokens, so logs can redact them.
  [[nodiscard]] std::vector<std::string> secrets() const;

private:
  std::map<std::string, std::string> m_keys;   // user name -> key
  std::map<std::string, std::string> m_tokens; // token -> user name
};

} // namespace fk::fake_kaggle
