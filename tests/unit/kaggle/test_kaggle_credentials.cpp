#include "kaggle/credentials.hpp"
#include "util/hash.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace fk::kaggle;
namespace fs = std::filesystem;

namespace {

// A real temporary directory that plays HOME, removed at the end.
class TempHome {
public:
  TempHome() {
    std::string pattern = (fs::temp_directory_path() / "fk-kaggle-creds-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  ~TempHome() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;

  const fs::path& path() const { return m_path; }

  fs::path write(const fs::path& relative, const std::string& content, fs::perms mode = fs::perms::owner_read |
                                                                                          fs::perms::owner_write) {
    const fs::path full = m_path / relative;
    fs::create_directories(full.parent_path());
    std::ofstream(full) << content;
    fs::permissions(full, mode);
    return full;
  }

  fk::util::Environment env() const {
    fk::util::Environment env;
    env.set("HOME", m_path.string());
    return env;
  }

private:
  fs::path m_path;
};

struct Capture {
  std::ostringstream out;
  fk::util::Logger logger{out, fk::util::LogFormat::text, fk::util::LogLevel::debug};
};

const char* const k_json_key = "0123456789abcdef0123456789abcdef";

std::string kaggle_json(const std::string& user) {
  return R"({"username": ")" + user + R"(", "key": ")" + k_json_key + R"("})";
}

} // namespace

TEST_CASE("with nothing configured, credentials are anonymous") {
  TempHome home;
  Capture log;
  auto credentials = load_credentials(home.env(), std::nullopt, log.logger);
  REQUIRE(credentials.ok());
  CHECK(credentials->kind == CredentialKind::anonymous);
  CHECK(credentials->authorization().empty());
  CHECK(credentials->describe() == "anonymous");
}

TEST_CASE("credential sources are tried in the documented order") {
  TempHome home;
  Capture log;
  fk::util::Environment env = home.env();
  const fs::path xdg = home.write(".config/kaggle/kaggle.json", kaggle_json("xdg-user"));
  auto found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->username == "xdg-user");
  CHECK(found->source == xdg.string());

  const fs::path dot_kaggle = home.write(".kaggle/kaggle.json", kaggle_json("home-user"));
  found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->username == "home-user");
  CHECK(found->source == dot_kaggle.string());

  home.write("cfg/kaggle.json", kaggle_json("config-dir-user"));
  env.set("KAGGLE_CONFIG_DIR", (home.path() / "cfg").string());
  found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->username == "config-dir-user");

  env.set("KAGGLE_USERNAME", "env-user");
  env.set("KAGGLE_KEY", "env-key-value-1234");
  found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->kind == CredentialKind::api_key);
  CHECK(found->username == "env-user");
  CHECK(found->source == "KAGGLE_USERNAME/KAGGLE_KEY");
  CHECK(found->authorization() == "Basic " + fk::util::base64_encode("env-user:env-key-value-1234"));

  home.write(".kaggle/access_token.txt", "txt-token-5678\n");
  found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->kind == CredentialKind::access_token);
  CHECK(found->secret == "txt-token-5678");

  home.write(".kaggle/access_token", "  file-token-1234  \n");
  found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->secret == "file-token-1234");

  env.set("KAGGLE_API_TOKEN", "env-token-abcd");
  found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->secret == "env-token-abcd");
  CHECK(found->source == "KAGGLE_API_TOKEN");
  CHECK(found->authorization() == "Bearer env-token-abcd");

  const fs::path explicit_file = home.write("explicit.json", kaggle_json("explicit-user"));
  found = load_credentials(env, explicit_file, log.logger);
  REQUIRE(found.ok());
  CHECK(found->username == "explicit-user");
  CHECK(found->source == explicit_file.string());
}

TEST_CASE("KAGGLE_API_TOKEN may name a file holding the token") {
  TempHome home;
  Capture log;
  fk::util::Environment env = home.env();
  const fs::path token_file = home.write("secrets/token", "token-from-file-9999\n");
  env.set("KAGGLE_API_TOKEN", token_file.string());
  auto found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->kind == CredentialKind::access_token);
  CHECK(found->secret == "token-from-file-9999");
  CHECK(found->source.find(token_file.string()) != std::string::npos);
}

TEST_CASE("an explicit credentials file may hold a bare token") {
  TempHome home;
  Capture log;
  const fs::path file = home.write("token.txt", "bare-token-4242\n");
  auto found = load_credentials(home.env(), file, log.logger);
  REQUIRE(found.ok());
  CHECK(found->kind == CredentialKind::access_token);
  CHECK(found->secret == "bare-token-4242");
  auto missing = load_credentials(home.env(), home.path() / "nope.json", log.logger);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == fk::util::ErrorKind::usage);
  CHECK(missing.error().what.find("nope.json") != std::string::npos);
}

TEST_CASE("a group-readable kaggle.json loads with a chmod 600 warning") {
  TempHome home;
  Capture log;
  home.write(".kaggle/kaggle.json", kaggle_json("alice"),
             fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  auto found = load_credentials(home.env(), std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(log.out.str().find("chmod 600") != std::string::npos);

  Capture quiet;
  TempHome private_home;
  private_home.write(".kaggle/kaggle.json", kaggle_json("alice"));
  REQUIRE(load_credentials(private_home.env(), std::nullopt, quiet.logger).ok());
  CHECK(quiet.out.str().find("chmod") == std::string::npos);
}

TEST_CASE("a malformed kaggle.json is a usage error naming the file but not the key") {
  TempHome home;
  Capture log;
  const std::string bodies[] = {
      std::string(R"({"username": "alice", "key": ")") + k_json_key, // truncated JSON
      std::string(R"({"user": "alice", "key": ")") + k_json_key + "\"}",
      std::string(R"({"username": "alice", "key": 12345678901234})"),
      std::string(R"(["alice", ")") + k_json_key + "\"]",
  };
  for (const auto& body : bodies) {
    INFO(body);
    const fs::path file = home.write(".kaggle/kaggle.json", body);
    auto found = load_credentials(home.env(), std::nullopt, log.logger);
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().kind == fk::util::ErrorKind::usage);
    CHECK(found.error().what.find(file.string()) != std::string::npos);
    CHECK(found.error().message().find(k_json_key) == std::string::npos);
    CHECK(found.error().message().find("12345678901234") == std::string::npos);
  }
}

TEST_CASE("secrets are registered for redaction and describe() hides them") {
  TempHome home;
  Capture log;
  home.write(".kaggle/kaggle.json", kaggle_json("alice"));
  auto found = load_credentials(home.env(), std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->describe().rfind("alice:***", 0) == 0);
  CHECK(found->describe().find(k_json_key) == std::string::npos);
  log.logger.info(std::string("header ") + found->authorization() + " key " + k_json_key);
  CHECK(log.out.str().find(k_json_key) == std::string::npos);
  CHECK(log.out.str().find(fk::util::base64_encode(std::string("alice:") + k_json_key)) == std::string::npos);
}

TEST_CASE("XDG_CONFIG_HOME moves the last kaggle.json candidate") {
  TempHome home;
  Capture log;
  fk::util::Environment env = home.env();
  home.write(".config/kaggle/kaggle.json", kaggle_json("default-xdg"));
  const fs::path custom = home.write("xdg/kaggle/kaggle.json", kaggle_json("custom-xdg"));
  env.set("XDG_CONFIG_HOME", (home.path() / "xdg").string());
  auto found = load_credentials(env, std::nullopt, log.logger);
  REQUIRE(found.ok());
  CHECK(found->username == "custom-xdg");
  CHECK(found->source == custom.string());
}
