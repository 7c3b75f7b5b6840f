#include "download/transfer_rules.hpp"

#include <catch2/catch.hpp>

using namespace fk::download;

namespace {

constexpr std::string_view k_expired =
    "<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code><Message>Invalid argument.</Message>"
    "<Details>The provided token has expired. Request signature expired at: "
    "2026-12-06T01:00:00+00:00</Details></Error>";
constexpr std::string_view k_denied =
    "<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code><Message>Access denied.</Message></Error>";

} // namespace

TEST_CASE("a 416 naming the partial's size means the partial holds every byte") {
  CHECK(judge_storage_answer(416, "bytes */1000", k_denied, 1000, 1000) == StorageVerdict::complete);
  // The partial did not know the size yet (no Content-Length before): the 416 tells it.
  CHECK(judge_storage_answer(416, "bytes */1000", "", 1000, std::nullopt) == StorageVerdict::complete);
}

TEST_CASE("any other 416 means the partial is not this object's: restart from byte 0") {
  CHECK(judge_storage_answer(416, "bytes */900", "", 1000, 1000) == StorageVerdict::restart);  // partial too long
  CHECK(judge_storage_answer(416, "bytes */1000", "", 1000, 1200) == StorageVerdict::restart); // recorded another size
  CHECK(judge_storage_answer(416, "", "", 1000, 1000) == StorageVerdict::restart);             // no Content-Range
  CHECK(judge_storage_answer(416, "bytes 0-9/1000", "", 1000, 1000) == StorageVerdict::restart); // not */N
  CHECK(judge_storage_answer(416, "bytes */0", "", 0, std::nullopt) == StorageVerdict::restart); // nothing held
}

TEST_CASE("a dead signed URL is renewed: 400 ExpiredToken, 401 and 403 from storage") {
  CHECK(judge_storage_answer(400, "", k_expired, 0, std::nullopt) == StorageVerdict::renew_url);
  CHECK(judge_storage_answer(403, "", k_denied, 500, 1000) == StorageVerdict::renew_url);
  CHECK(judge_storage_answer(403, "", "", 0, std::nullopt) == StorageVerdict::renew_url);
  CHECK(judge_storage_answer(401, "", "", 0, std::nullopt) == StorageVerdict::renew_url);
  // Any other 400 is not an expiry.
  CHECK(judge_storage_answer(400, "", "<Error><Code>InvalidArgument</Code></Error>", 0, std::nullopt) ==
        StorageVerdict::retry);
}

TEST_CASE("404 is not found; 429, 5xx and the rest are retried") {
  CHECK(judge_storage_answer(404, "", "", 0, std::nullopt) == StorageVerdict::not_found);
  CHECK(judge_storage_answer(429, "", "", 0, std::nullopt) == StorageVerdict::retry);
  CHECK(judge_storage_answer(503, "", "", 0, std::nullopt) == StorageVerdict::retry);
  CHECK(judge_storage_answer(302, "", "", 0, std::nullopt) == StorageVerdict::retry);
  CHECK(to_string(StorageVerdict::renew_url) == "renew_url");
}

TEST_CASE("storage_error_code shows only a plain <Code> of the error body") {
  CHECK(storage_error_code(k_expired) == "ExpiredToken");
  CHECK(storage_error_code(k_denied) == "AccessDenied");
  CHECK(storage_error_code("{\"code\":403}").empty());
  CHECK(storage_error_code("<Code>a b&c</Code>").empty());
  CHECK(storage_error_code("<Code></Code>").empty());
  CHECK(says_expired_token(k_expired));
  CHECK_FALSE(says_expired_token(k_denied));
}
