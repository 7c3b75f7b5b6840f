#include "download/transfer.hpp"

#include "download/partial_file.hpp"
#include "net/header_parsers.hpp"
#include "net/url.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <charconv>
#include <chrono>
#include <vector>

namespace fk::download {

namespace {

using util::ErrorKind;

// The state of one transfer across its attempts.
struct Session {
  PartialFile& partial;
  const ByteSink& sink;
  const ProgressCallback& progress;
  util::Hasher md5{util::Hasher::Algorithm::md5};
  std::uint64_t delivered = 0; // bytes given to the sink and hashed, from byte 0
  std::uint64_t replayed = 0;  // bytes taken from an earlier run's partial
  std::optional<util::Error> sink_error;

  // Give the sink the bytes [delivered, end) of the partial file.
  util::Status replay_until(std::uint64_t end) {
    std::vector<char> buffer(1 << 20);
    while (delivered < end) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), end - delivered));
      auto n = partial.read_at(delivered, buffer.data(), want);
      if (!n) return n.error();
      if (*n == 0) return util::make_error(ErrorKind::integrity, "the partial download shrank while resuming", "");
      if (auto s = deliver(std::string_view(buffer.data(), *n)); !s) return s;
      replayed += *n;
    }
    return util::Ok{};
  }

  // Hash and hand over bytes that follow `delivered`.
  util::Status deliver(std::string_view bytes) {
    md5.update(bytes);
    if (!sink(bytes)) {
      sink_error = util::make_error(ErrorKind::internal, "the consumer stopped the transfer", "");
      return *sink_error;
    }
    delivered += bytes.size();
    if (progress) progress(delivered, partial.identity().expected_bytes);
    return util::Ok{};
  }
};

PartialIdentity identity_from(const PartialIdentity& base, std::optional<std::uint64_t> size, const net::HttpHeaders& h) {
  PartialIdentity identity = base;
  identity.expected_bytes = size;
  identity.md5_hex.clear();
  if (auto raw = net::parse_goog_hash_md5(h.get_joined("x-goog-hash").value_or(""))) identity.md5_hex = util::to_hex(*raw);
  return identity;
}

util::Error status_error(long status, const std::string& url, std::optional<std::chrono::milliseconds> retry_after) {
  const std::string what = "storage answered HTTP " + std::to_string(status) + " for " + net::redact_url(url);
  if (status == 404) return util::make_error(ErrorKind::not_found, what, "the object does not exist", "check the dataset and version");
  if (status == 401 || status == 403) {
    return util::make_error(ErrorKind::permission, what, "access refused (the signed URL may have expired)",
                            "re-run; if it persists, check access to the dataset on kaggle.com");
  }
  std::string why = status == 429 ? "rate limited" : "server error";
  if (retry_after) why += " (Retry-After " + std::to_string(retry_after->count() / 1000) + " s)";
  return util::make_error(ErrorKind::temporary, what, why, "retry later; the next run resumes the transfer");
}

} // namespace

util::Result<TransferResult> transfer(net::HttpClient& http, const TransferRequest& request,
                                      const net::RetryPolicy& retry, const ByteSink& sink,
                                      const ProgressCallback& progress, util::Logger& log) {
  auto opened = PartialFile::open(request.partial_dir, request.identity);
  if (!opened) return opened.error();
  PartialFile& partial = *opened;
  Session session{partial, sink, progress, util::Hasher(util::Hasher::Algorithm::md5), 0, 0, std::nullopt};
  const std::string shown_url = net::redact_url(request.url);
  if (partial.size() > 0) {
    log.info("resuming a partial download", {{"ref", request.identity.ref}, {"object", request.identity.object},
                                             {"bytes", std::to_string(partial.size())}});
  }

  TransferResult result;
  for (int attempt = 1;; ++attempt) {
    result.attempts = attempt;
    const std::uint64_t start = partial.size();
    std::uint64_t offset = start; // object offset of the next network byte
    long status = 0;
    bool complete_already = false;
    std::optional<util::Error> failure;
    std::optional<std::chrono::milliseconds> retry_after;

    const auto on_headers = [&](long code, const net::HttpHeaders& headers) -> bool {
      status = code;
      std::optional<std::uint64_t> total;
      if (code == 206) {
        const auto range = net::parse_content_range(headers.get("Content-Range").value_or(""));
        if (!range || range->start != start) {
          failure = util::make_error(ErrorKind::temporary, "storage answered a different range for " + shown_url,
                                     "asked for bytes from " + std::to_string(start), "retry later");
          return false;
        }
        total = range->total;
      } else if (code == 200) {
        if (auto length = headers.get("Content-Length")) {
          std::uint64_t value = 0;
          const auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), value);
          if (ec == std::errc{} && end == length->data() + length->size()) total = value;
        }
        offset = 0;
      } else if (code == 416 && start > 0 && partial.identity().expected_bytes == start) {
        complete_already = true; // the partial already holds every byte
        return session.replay_until(start).ok();
      } else {
        retry_after = net::parse_retry_after(headers.get("Retry-After").value_or(""), std::chrono::system_clock::now());
        return false;
      }
      const PartialIdentity seen = identity_from(partial.identity(), total, headers);
      if (!partial.identity().same_object(seen)) {
        // Different bytes than the partial (or than what was already delivered) hold.
        if (session.delivered > 0) {
          failure = util::make_error(ErrorKind::temporary, "the object " + shown_url + " changed during the transfer",
                                     "size or md5 differ from the first response", "re-run to fetch it afresh");
          (void)partial.truncate();
          return false;
        }
        offset = 0;
      }
      if (offset == 0 && partial.size() > 0) {
        if (auto s = partial.truncate(); !s) {
          failure = s.error();
          return false;
        }
      }
      if (auto s = partial.set_identity(seen); !s) {
        failure = s.error();
        return false;
      }
      if (offset == start && session.delivered < start) {
        if (auto s = session.replay_until(start); !s) {
          failure = s.error();
          return false;
        }
      }
      return true;
    };

    const auto on_data = [&](std::string_view chunk) -> bool {
      if (auto s = partial.append(chunk); !s) {
        failure = s.error();
        return false;
      }
      const std::uint64_t end = offset + chunk.size();
      if (end > session.delivered) {
        const std::uint64_t skip = session.delivered > offset ? session.delivered - offset : 0;
        if (auto s = session.deliver(chunk.substr(static_cast<std::size_t>(skip))); !s) {
          failure = s.error();
          return false;
        }
      }
      offset = end;
      return true;
    };

    auto outcome = http.get_stream(request.url, {}, start, on_headers, on_data);
    if (session.sink_error) return *session.sink_error;
    if (!outcome) {
      failure = outcome.error();
    } else if (!failure && outcome->aborted_by_caller) {
      failure = status_error(status, request.url, retry_after);
    }
    if (!failure && !complete_already) {
      const auto expected = partial.identity().expected_bytes;
      if (expected && session.delivered != *expected) {
        failure = util::make_error(ErrorKind::temporary, "the transfer of " + shown_url + " ended early",
                                   std::to_string(session.delivered) + " of " + std::to_string(*expected) + " bytes",
                                   "retrying resumes it");
      }
    }
    if (!failure) break;

    if (failure->kind == ErrorKind::interrupted || util::stop_requested()) {
      partial.sync();
      if (failure->kind != ErrorKind::interrupted) util::throw_if_stop_requested();
      return *failure;
    }
    if (failure->kind != ErrorKind::temporary || !retry.may_retry(attempt)) {
      if (failure->kind == ErrorKind::temporary) failure->why += " (after " + std::to_string(attempt) + " attempts)";
      partial.sync();
      return *failure;
    }
    log.warn("transfer failed, retrying", {{"ref", request.identity.ref}, {"attempt", std::to_string(attempt)},
                                           {"error", failure->message()}});
    if (!retry.wait(attempt, retry_after)) {
      partial.sync();
      util::throw_if_stop_requested();
    }
  }

  result.bytes = session.delivered;
  result.resumed_from = session.replayed;
  result.md5_hex = session.md5.finish_hex();
  const std::string& expected_md5 = partial.identity().md5_hex;
  if (!expected_md5.empty() && expected_md5 != result.md5_hex) {
    discard_partial(request.partial_dir, request.identity);
    return util::make_error(ErrorKind::integrity, "the download of " + shown_url + " is corrupt",
                            "md5 " + result.md5_hex + " but x-goog-hash says " + expected_md5,
                            "the partial was discarded; re-run to fetch it again");
  }
  return result;
}

} // namespace fk::download
