#include "fake_kaggle_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "net/http_client.hpp"

extern char** environ;

namespace fk::kaggle::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

FakeKaggleProcess::FakeKaggleProcess(const fs::path& datasets_dir, const fs::path& work_dir,
                                     const std::vector<std::string>& extra_args) {
  const fs::path port_file = work_dir / "fake-kaggle.port";
  m_log = work_dir / "fake-kaggle.requests.jsonl";
  std::vector<std::string> args = {FK_FAKE_KAGGLE_BIN,
                                   "--datasets", datasets_dir.string(),
                                   "--port", "0",
                                   "--port-file", port_file.string(),
                                   "--request-log", m_log.string(),
                                   "--user", std::string("alice:") + k_alice_key,
                                   "--token", std::string(k_bob_token) + "=bob"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // The server's own log lines go to a file next to the request log, not into the test output.
  const std::string output = (work_dir / "fake-kaggle.out").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  const int spawned = ::posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(spawned == 0);

  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      m_port = port;
      return;
    }
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      FAIL("fake-kaggle exited before writing its port file");
    }
    std::this_thread::sleep_for(20ms);
  }
  FAIL("fake-kaggle did not write its port file within 15 s");
}

FakeKaggleProcess::~FakeKaggleProcess() {
  if (m_pid <= 0) return;
  ::kill(m_pid, SIGTERM);
  for (int i = 0; i < 250; ++i) {
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) return;
    std::this_thread::sleep_for(20ms);
  }
  ::kill(m_pid, SIGKILL);
  int status = 0;
  ::waitpid(m_pid, &status, 0);
}

std::vector<std::string> FakeKaggleProcess::request_log_lines() const {
  std::vector<std::string> lines;
  std::ifstream in(m_log);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

void FakeKaggleProcess::add_faults(const std::string& rules_json) const {
  net::HttpClient http;
  auto response = http.request("POST", base_url() + "/_control/faults", {{"Content-Type", "application/json"}},
                               rules_json);
  REQUIRE(response.ok());
  REQUIRE(response->status == 200);
}

} // namespace fk::kaggle::testing
