// Fuzz the credentials file reader (kaggle::load_credentials with --credentials-file): a kaggle.json
// or a bare access token, written with the input bytes to a 0600 scratch file. Whatever is accepted,
// its secret must never come out of describe() nor out of the logger once redacted.

#include "fuzz_scratch.hpp"
#include "kaggle/credentials.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = fk::fuzz::scratch_dir() / "kaggle.json";
  fk::fuzz::write_bytes(file, std::string_view(reinterpret_cast<const char*>(data), size));
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  std::ostringstream log;
  fk::util::Logger logger(log, fk::util::LogFormat::text, fk::util::LogLevel::debug);
  const fk::util::Environment env; // empty: the explicit file wins anyway
  const auto credentials = fk::kaggle::load_credentials(env, file, logger);
  if (!credentials) return 0;

  const std::string& secret = credentials->secret;
  if (secret.empty() || credentials->kind == fk::kaggle::CredentialKind::anonymous) std::abort();
  // describe() leaks when the secret shows in it but not in the same text with another secret.
  fk::kaggle::Credentials other = *credentials;
  other.secret = "\x01";
  if (credentials->describe().find(secret) != std::string::npos && other.describe().find(secret) == std::string::npos) {
    std::abort();
  }
  // Once redacted, a log line holds neither the secret nor the Authorization value; tiny secrets
  // are not redacted by design (Logger::add_secret), and "***" is what redaction writes.
  if (secret.size() < 4 || secret.find('*') != std::string::npos) return 0;
  const std::string line = logger.redact(credentials->describe() + " " + credentials->authorization());
  if (line.find(secret) != std::string::npos) std::abort();
  return 0;
}
