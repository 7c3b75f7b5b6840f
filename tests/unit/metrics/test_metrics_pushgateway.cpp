#include "metrics/pushgateway.hpp"
#include "metrics/publish.hpp"

#include <catch2/catch.hpp>

using namespace fk::metrics;

TEST_CASE("credentials are taken out of the Pushgateway URL") {
  const PushTarget plain = split_push_url("http://127.0.0.1:9091/");
  CHECK(plain.base_url == "http://127.0.0.1:9091");
  CHECK_FALSE(plain.username.has_value());
  CHECK_FALSE(plain.password.has_value());

  const PushTarget with = split_push_url("https://ops:s%40cret:x@push.example.org:9091/prefix/");
  CHECK(with.base_url == "https://push.example.org:9091/prefix");
  CHECK(with.username == "ops");
  CHECK(with.password == "s@cret:x");

  const PushTarget user_only = split_push_url("https://ops@push.example.org");
  CHECK(user_only.base_url == "https://push.example.org");
  CHECK(user_only.username == "ops");
  CHECK_FALSE(user_only.password.has_value());

  // An @ in the path is not user info.
  CHECK(split_push_url("http://h:1/a@b").base_url == "http://h:1/a@b");
  CHECK_FALSE(split_push_url("http://h:1/a@b").username.has_value());
}

TEST_CASE("the grouping key is a path under the fetch_kaggle job, base64url for unsafe values") {
  CHECK(grouping_path({{"command", "download"}}) == "/metrics/job/fetch_kaggle/command/download");
  CHECK(grouping_path({{"command", "download"}, {"shard", "2"}}) == "/metrics/job/fetch_kaggle/command/download/shard/2");
  // "owner/slug" in base64url: b3duZXIvc2x1Zw==
  CHECK(grouping_path({{"dataset", "owner/slug"}}) == "/metrics/job/fetch_kaggle/dataset@base64/b3duZXIvc2x1Zw==");
  // These bytes are "+/+/" in standard base64 and "-_-_" in base64url.
  CHECK(grouping_path({{"x", "\xfb\xff\xbf"}}) == "/metrics/job/fetch_kaggle/x@base64/-_-_");
  CHECK(grouping_path({{"x", ""}}) == "/metrics/job/fetch_kaggle/x@base64/=");
  CHECK(grouping_path({{"x", ".."}}) == "/metrics/job/fetch_kaggle/x@base64/Li4=");
}

TEST_CASE("a success replaces the group, anything else replaces only the metrics it pushes") {
  RunMetrics run;
  run.outcome = "success";
  CHECK(push_method(run) == "PUT");
  for (const char* outcome : {"partial", "failed", "interrupted"}) {
    run.outcome = outcome;
    CHECK(push_method(run) == "POST");
  }
}

TEST_CASE("a Pushgateway that cannot be reached is a temporary error without the credentials") {
  // Port 1 on loopback: nothing listens there in the test environment, so the connection is refused.
  RunMetrics run;
  run.command = "download";
  run.outcome = "success";
  const auto status = push(split_push_url("http://user:topsecret@127.0.0.1:1"), {{"command", "download"}}, run,
                           std::chrono::seconds(5));
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == fk::util::ErrorKind::temporary);
  CHECK(status.error().message().find("topsecret") == std::string::npos);
  CHECK(status.error().message().find("127.0.0.1:1/metrics/job/fetch_kaggle/command/download") != std::string::npos);
}
