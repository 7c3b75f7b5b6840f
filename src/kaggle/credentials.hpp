#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "util/environment.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace fk::kaggle {

// How requests authenticate.
enum class CredentialKind { anonymous, api_key, access_token };

// Hold the credentials in use and where they came from; never print `secret`.
struct Credentials {
  CredentialKind kind = CredentialKind::anonymous;
  std::string username; // api_key only
  std::string secret;   // the API key or the access token
  std::string source;   // e.g. "KAGGLE_USERNAME/KAGGLE_KEY" or "/root/.kaggle/kaggle.json"

  // Return a printable description: "alice:*** (from <source>)", "access token *** (from <source>)"
  // or "anonymous".
  [[nodiscard]] std::string describe() const;

  // Return the Authorization header value ("Basic ..." or "Bearer ..."), empty when anonymous.
  [[nodiscard]] std::string authorization() const;
};

// Find credentials as the official clients do: `credentials_file` (a kaggle.json or a bare token)
// wins; then KAGGLE_API_TOKEN, ~/.kaggle/access_token(.txt); then KAGGLE_USERNAME + KAGGLE_KEY;
// then kaggle.json in $KAGGLE_CONFIG_DIR, ~/.kaggle, ${XDG_CONFIG_HOME:-~/.config}/kaggle; else
// anonymous. `env` supplies KAGGLE_API_TOKEN, KAGGLE_USERNAME, KAGGLE_KEY, KAGGLE_CONFIG_DIR,
// XDG_CONFIG_HOME and HOME (empty values count as unset). Every secret found is registered with
// `logger` for redaction.
util::Result<Credentials> load_credentials(const util::Environment& env,
                                           const std::optional<std::filesystem::path>& credentials_file,
                                           util::Logger& logger);

} // namespace fk::kaggle
