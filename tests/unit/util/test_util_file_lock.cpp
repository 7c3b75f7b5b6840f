#include "util/file_lock.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace fk::util;

TEST_CASE("a second lock on the same file is refused with lock_held naming the holder") {
  const fs::path path = fs::temp_directory_path() / ("fk_test_lock_" + std::to_string(::getpid()));
  auto first = FileLock::acquire(path, "pid 1 test-holder");
  REQUIRE(first.ok());
  // flock locks belong to open file descriptions: a second open in this process conflicts too.
  auto second = FileLock::acquire(path, "pid 2");
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().kind == ErrorKind::lock_held);
  CHECK(second.error().why.find("test-holder") != std::string::npos);
  fs::remove(path);
}

TEST_CASE("a lock held by a process killed with SIGKILL is free again") {
  const fs::path path = fs::temp_directory_path() / ("fk_test_lock_kill_" + std::to_string(::getpid()));
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto lock = FileLock::acquire(path, "child");
    (void)!::write(ready[1], lock.ok() ? "y" : "n", 1);
    ::pause();
    ::_exit(0);
  }
  char byte = 0;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  REQUIRE(byte == 'y');
  CHECK_FALSE(FileLock::acquire(path, "parent").ok());
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  CHECK(FileLock::acquire(path, "parent").ok());
  ::close(ready[0]);
  ::close(ready[1]);
  fs::remove(path);
}
