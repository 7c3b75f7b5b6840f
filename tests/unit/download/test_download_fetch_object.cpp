// fetch_object's two threads (the transfer on the caller's thread, extraction on its own) end
// together on every way out, also when the transfer throws. Run under ThreadSanitizer too.
#include "download/fetch_object.hpp"
#include "support/temp_dir.hpp"
#include "util/signals.hpp"

#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <sstream>

using namespace fk;

namespace {

// Return a loopback port nothing listens on (bound once by us, then closed): connections are refused.
int refused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

} // namespace

TEST_CASE("a stop request during a retry wait ends fetch_object with interrupted after joining its extraction thread") {
  const test::TempDir dir("fetch-object-stop");
  util::install_signal_handlers();
  util::reset_stop_request_for_tests();
  std::ostringstream log_text;
  util::Logger log(log_text, util::LogFormat::text, util::LogLevel::debug);
  net::HttpOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  net::HttpClient http(options);
  int waits = 0;
  // The first attempt is refused; the wait before the retry is where SIGTERM arrives.
  const net::RetryPolicy retry({5, std::chrono::milliseconds(1), std::chrono::milliseconds(1), std::chrono::milliseconds(1), nullptr},
                               [] { return 0.5; },
                               [&](std::chrono::milliseconds) {
                                 ++waits;
                                 std::raise(SIGTERM);
                                 return false;
                               });
  download::FetchObject request;
  request.transfer.url = "http://127.0.0.1:" + std::to_string(refused_port()) + "/storage/archive.zip";
  request.transfer.identity = {"owner/slug", 1, "archive.zip", std::nullopt, "", ""};
  request.transfer.partial_dir = dir.path() / "partial";
  request.destination = dir.path() / "staging" / "owner" / "slug";
  std::filesystem::create_directories(request.transfer.partial_dir);

  // Before the fix, the Failure left fetch_object with the extraction thread still joinable, and
  // std::thread's destructor ended the whole process with std::terminate (SIGABRT, exit 134).
  std::optional<util::ErrorKind> thrown;
  try {
    (void)download::fetch_object(http, request, retry, {}, log);
  } catch (const util::Failure& failure) {
    thrown = failure.error().kind;
  }
  util::reset_stop_request_for_tests();
  CHECK(waits == 1);
  REQUIRE(thrown.has_value());
  CHECK(*thrown == util::ErrorKind::interrupted);
}
