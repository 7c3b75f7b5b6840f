#include "cli/exit_codes.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <set>

using namespace fk::cli;
using fk::util::ErrorKind;

TEST_CASE("every error kind maps to a distinct documented exit code") {
  CHECK(exit_code_for(ErrorKind::usage, 0) == ExitCode::usage);
  CHECK(exit_code_for(ErrorKind::lock_held, 0) == ExitCode::lock_held);
  CHECK(exit_code_for(ErrorKind::interrupted, SIGINT) == ExitCode::interrupted_sigint);
  CHECK(exit_code_for(ErrorKind::interrupted, SIGTERM) == ExitCode::interrupted_sigterm);
  CHECK(static_cast<int>(ExitCode::interrupted_sigint) == 130);
  CHECK(static_cast<int>(ExitCode::interrupted_sigterm) == 143);
  std::set<int> codes;
  for (const ExitCodeInfo& info : k_exit_codes) CHECK(codes.insert(static_cast<int>(info.code)).second);
}

TEST_CASE("docs/operations.md lists every exit code with its name and retry class") {
  const auto doc = fk::util::read_file(std::string(FK_SOURCE_DIR) + "/docs/operations.md");
  REQUIRE(doc.ok());
  for (const ExitCodeInfo& info : k_exit_codes) {
    const std::string row = "| " + std::to_string(static_cast<int>(info.code)) + " | " + std::string(info.name) +
                            " | " + (info.retry ? "retry" : "no") + " |";
    INFO(row);
    CHECK(doc->find(row) != std::string::npos);
  }
}
