#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fk::kaggle::testing {

// Run the fake-kaggle binary on 127.0.0.1 with a free port for the lifetime of this object.
class FakeKaggleProcess {
public:
  // Start it over `datasets_dir`, accepting alice's key and bob's token, logging requests to a file.
  FakeKaggleProcess(const std::filesystem::path& datasets_dir, const std::filesystem::path& work_dir,
                    const std::vector<std::string>& extra_args = {});
  // Stop it with SIGTERM (SIGKILL after 5 s) and reap it.
  ~FakeKaggleProcess();
  FakeKaggleProcess(const FakeKaggleProcess&) = delete;
  FakeKaggleProcess& operator=(const FakeKaggleProcess&) = delete;

  // Return "http://127.0.0.1:<port>".
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

  // Return the request log's lines (JSON objects), as written so far.
  [[nodiscard]] std::vector<std::string> request_log_lines() const;

  // Install fault rules (a JSON array) through POST /_control/faults.
  void add_faults(const std::string& rules_json) const;

  static constexpr const char* k_alice_key = "alice-key-0123456789";
  static constexpr const char* k_bob_token = "bob-token-abcdef";

private:
  pid_t m_pid = -1;
  int m_port = 0;
  std::filesystem::path m_log;
};

} // namespace fk::kaggle::testing
