#include "kaggle/credentials.hpp"

#include <sys/stat.h>

#include <system_error>

#include <simdjson.h>

#include "util/fs.hpp"
#include "util/hash.hpp"

namespace fk::kaggle {

namespace {

namespace fs = std::filesystem;
using util::ErrorKind;

// Files larger than this are not credentials.
constexpr std::uintmax_t k_max_credentials_file = 64 * 1024;

// The variables credential lookup reads; empty values count as unset.
struct CredentialEnv {
  std::optional<std::string> api_token;       // KAGGLE_API_TOKEN: the token, or a path to a file holding it
  std::optional<std::string> username;        // KAGGLE_USERNAME
  std::optional<std::string> key;             // KAGGLE_KEY
  std::optional<std::string> config_dir;      // KAGGLE_CONFIG_DIR
  std::optional<std::string> xdg_config_home; // XDG_CONFIG_HOME
  fs::path home;                              // HOME
};

std::optional<std::string> non_empty(const util::Environment& env, const char* name) {
  auto value = env.get(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

CredentialEnv read_env(const util::Environment& env) {
  CredentialEnv out;
  out.api_token = non_empty(env, "KAGGLE_API_TOKEN");
  out.username = non_empty(env, "KAGGLE_USERNAME");
  out.key = non_empty(env, "KAGGLE_KEY");
  out.config_dir = non_empty(env, "KAGGLE_CONFIG_DIR");
  out.xdg_config_home = non_empty(env, "XDG_CONFIG_HOME");
  if (auto home = non_empty(env, "HOME")) out.home = *home;
  return out;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// A secret or user name must fit in one HTTP header line.
bool has_control_chars(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

util::Result<std::string> read_small_file(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size > k_max_credentials_file) {
    return util::make_error(ErrorKind::usage, "cannot use credentials file " + path.string(),
                            "it is " + std::to_string(size) + " bytes, too large for a credentials file",
                            "point it at a kaggle.json or a file holding only the API token");
  }
  auto content = util::read_file(path);
  if (!content) {
    util::Error error = content.error();
    error.what = "cannot read credentials file " + path.string();
    return error;
  }
  return content;
}

void warn_if_shared(const fs::path& path, util::Logger& logger) {
  struct stat info{};
  if (::stat(path.c_str(), &info) != 0) return;
  if ((info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
    logger.warn("credentials file is readable by other users",
                {{"path", path.string()}, {"fix", "chmod 600 " + path.string()}});
  }
}

Credentials token_credentials(std::string token, std::string source, util::Logger& logger) {
  logger.add_secret(token);
  Credentials credentials{CredentialKind::access_token, {}, std::move(token), std::move(source)};
  return credentials;
}

Credentials key_credentials(std::string username, std::string key, std::string source, util::Logger& logger) {
  logger.add_secret(key);
  logger.add_secret(util::base64_encode(username + ":" + key));
  return Credentials{CredentialKind::api_key, std::move(username), std::move(key), std::move(source)};
}

util::Error malformed(const fs::path& path, const std::string& why) {
  return util::make_error(ErrorKind::usage, "malformed Kaggle credentials file " + path.string(), why,
                          "it must be a JSON object {\"username\": \"...\", \"key\": \"...\"} as downloaded from "
                          "kaggle.com > Settings > API > Create New Token");
}

// Parse a kaggle.json whose text is `content`; never echo the key in errors.
util::Result<Credentials> parse_kaggle_json(const fs::path& path, const std::string& content, util::Logger& logger) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(content)).get(doc) != simdjson::SUCCESS) {
    return malformed(path, "it is not valid JSON");
  }
  simdjson::dom::object object;
  if (doc.get(object) != simdjson::SUCCESS) return malformed(path, "it is not a JSON object");
  std::string_view username;
  std::string_view key;
  if (object["username"].get(username) != simdjson::SUCCESS) {
    return malformed(path, "\"username\" is missing or not a string");
  }
  if (object["key"].get(key) != simdjson::SUCCESS) return malformed(path, "\"key\" is missing or not a string");
  if (username.empty() || key.empty()) return malformed(path, "\"username\" or \"key\" is empty");
  if (has_control_chars(username) || has_control_chars(key)) {
    return malformed(path, "\"username\" or \"key\" contains control characters");
  }
  warn_if_shared(path, logger);
  return key_credentials(std::string(username), std::string(key), path.string(), logger);
}

// Read a file holding a bare access token; nullopt when it is empty (skipped, as kagglesdk does).
util::Result<std::optional<Credentials>> read_token_file(const fs::path& path, const std::string& source,
                                                         util::Logger& logger) {
  auto content = read_small_file(path);
  if (!content) return content.error();
  std::string token = trim(*content);
  if (token.empty()) return std::optional<Credentials>();
  if (has_control_chars(token) || token.find(' ') != std::string::npos) {
    return util::make_error(ErrorKind::usage, "malformed Kaggle access token in " + path.string(),
                            "the file holds more than one word or control characters",
                            "the file must hold only the API token from kaggle.com > Settings > API");
  }
  warn_if_shared(path, logger);
  return std::optional<Credentials>(token_credentials(std::move(token), source, logger));
}

util::Result<Credentials> load_explicit_file(const fs::path& path, util::Logger& logger) {
  if (!is_file(path)) {
    return util::make_error(ErrorKind::usage, "cannot use credentials file " + path.string(),
                            "it does not exist or is not a regular file", "check the --credentials-file path");
  }
  auto content = read_small_file(path);
  if (!content) return content.error();
  const std::string text = trim(*content);
  if (!text.empty() && text.front() == '{') return parse_kaggle_json(path, text, logger);
  auto token = read_token_file(path, path.string(), logger);
  if (!token) return token.error();
  if (!token->has_value()) {
    return util::make_error(ErrorKind::usage, "cannot use credentials file " + path.string(), "it is empty",
                            "put a kaggle.json or the API token into it");
  }
  return std::move(**token);
}

util::Result<std::optional<Credentials>> load_token(const CredentialEnv& env, util::Logger& logger) {
  if (env.api_token) {
    const fs::path candidate(*env.api_token);
    if (is_file(candidate)) {
      auto token = read_token_file(candidate, "KAGGLE_API_TOKEN (" + candidate.string() + ")", logger);
      if (!token) return token.error();
      if (!token->has_value()) {
        return util::make_error(ErrorKind::usage, "cannot use KAGGLE_API_TOKEN",
                                "it names the empty file " + candidate.string(),
                                "put the API token into that file, or unset KAGGLE_API_TOKEN");
      }
      return token;
    }
    const std::string token = trim(*env.api_token);
    if (has_control_chars(token) || token.find(' ') != std::string::npos) {
      return util::make_error(ErrorKind::usage, "cannot use KAGGLE_API_TOKEN",
                              "it is neither an existing file nor a single-word token",
                              "set it to the API token or to the path of a file holding it");
    }
    return std::optional<Credentials>(token_credentials(token, "KAGGLE_API_TOKEN", logger));
  }
  if (!env.home.empty()) {
    for (const char* name : {"access_token", "access_token.txt"}) {
      const fs::path path = env.home / ".kaggle" / name;
      if (!is_file(path)) continue;
      auto token = read_token_file(path, path.string(), logger);
      if (!token) return token.error();
      if (token->has_value()) return token;
    }
  }
  return std::optional<Credentials>();
}

} // namespace

std::string Credentials::describe() const {
  switch (kind) {
  case CredentialKind::api_key:
    return username + ":*** (from " + source + ")";
  case CredentialKind::access_token:
    return "access token *** (from " + source + ")";
  case CredentialKind::anonymous:
    break;
  }
  return "anonymous";
}

std::string Credentials::authorization() const {
  switch (kind) {
  case CredentialKind::api_key:
    return "Basic " + util::base64_encode(username + ":" + secret);
  case CredentialKind::access_token:
    return "Bearer " + secret;
  case CredentialKind::anonymous:
    break;
  }
  return {};
}

util::Result<Credentials> load_credentials(const util::Environment& process_env,
                                           const std::optional<std::filesystem::path>& credentials_file,
                                           util::Logger& logger) {
  if (credentials_file) return load_explicit_file(*credentials_file, logger);
  const CredentialEnv env = read_env(process_env);

  auto token = load_token(env, logger);
  if (!token) return token.error();
  if (token->has_value()) return std::move(**token);

  if (env.username && env.key) {
    if (has_control_chars(*env.username) || has_control_chars(*env.key)) {
      return util::make_error(ErrorKind::usage, "cannot use KAGGLE_USERNAME/KAGGLE_KEY",
                              "they contain control characters", "set them to the values from kaggle.json");
    }
    return key_credentials(*env.username, *env.key, "KAGGLE_USERNAME/KAGGLE_KEY", logger);
  }
  if (env.username || env.key) {
    logger.warn("only one of KAGGLE_USERNAME and KAGGLE_KEY is set; ignoring it",
                {{"fix", "set both, or neither"}});
  }

  std::vector<fs::path> candidates;
  if (env.config_dir) candidates.push_back(fs::path(*env.config_dir) / "kaggle.json");
  if (!env.home.empty()) candidates.push_back(env.home / ".kaggle" / "kaggle.json");
  if (env.xdg_config_home) {
    candidates.push_back(fs::path(*env.xdg_config_home) / "kaggle" / "kaggle.json");
  } else if (!env.home.empty()) {
    candidates.push_back(env.home / ".config" / "kaggle" / "kaggle.json");
  }
  for (const auto& path : candidates) {
    if (!is_file(path)) continue;
    auto content = read_small_file(path);
    if (!content) return content.error();
    return parse_kaggle_json(path, *content, logger);
  }
  return Credentials{};
}

} // namespace fk::kaggle
