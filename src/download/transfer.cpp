#include "download/transfer.hpp"

#include "download/partial_file.hpp"
#include "download/transfer_rules.hpp"
#include "net/header_parsers.hpp"
#include "net/url.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <isa-l/crc.h>
#include <vector>

namespace fk::download {

namespace {

using util::ErrorKind;

// Enough of an error body to read what it says; the rest is not read.
constexpr std::size_t k_max_error_body = std::size_t{64} << 10U;

// The bytes handed over so far, across the requests of one transfer.
struct Session {
  PartialFile& partial;
  const ByteSink& sink;
  const ProgressCallback& progress;
  util::Hasher md5{util::Hasher::Algorithm::md5};
  std::uint32_t crc32c = 0xFFFFFFFFU; // CRC-32C state (ISA-L's iSCSI CRC, inverted at both ends)
  std::uint64_t delivered = 0;        // bytes given to the sink and hashed, from byte 0
  std::uint64_t replayed = 0;         // bytes taken from an earlier run's partial
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
    for (std::string_view rest = bytes; !rest.empty();) {
      const std::size_t n = std::min<std::size_t>(rest.size(), std::size_t{1} << 30U);
      // ISA-L takes a non-const pointer but only reads.
      crc32c =
          crc32_iscsi(reinterpret_cast<unsigned char*>(const_cast<char*>(rest.data())), static_cast<int>(n), crc32c);
      rest.remove_prefix(n);
    }
    if (!sink(bytes)) {
      sink_error = util::make_error(ErrorKind::internal, "the consumer stopped the transfer", "");
      return *sink_error;
    }
    delivered += bytes.size();
    if (progress) progress(delivered, partial.identity().expected_bytes);
    return util::Ok{};
  }
};

// What one request of a transfer received.
struct Answer {
  long status = 0;
  bool is_data = false;      // 200 or 206: the body is the object's bytes; any other body never is
  std::uint64_t offset = 0;  // object offset of the next body byte
  std::string error_body;    // the start of a non-data body
  std::string content_range; // of a non-data answer (a 416 names the object's length)
  std::optional<std::chrono::milliseconds> retry_after;
  std::optional<util::Error> failure; // met while receiving
  bool restart = false;               // a 206 of another object than the partial's
};

// What follows a request.
enum class Next { finished, again, failed };

PartialIdentity identity_from(const PartialIdentity& base, std::optional<std::uint64_t> size,
                              const net::HttpHeaders& h) {
  PartialIdentity identity = base;
  identity.expected_bytes = size;
  identity.md5_hex.clear();
  const std::string hashes = h.get_joined("x-goog-hash").value_or("");
  if (auto raw = net::parse_goog_hash_md5(hashes)) identity.md5_hex = util::to_hex(*raw);
  identity.crc32c = net::parse_goog_hash_crc32c(hashes);
  return identity;
}

std::optional<std::uint64_t> content_length(const net::HttpHeaders& headers) {
  const auto length = headers.get("Content-Length");
  if (!length) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), value);
  if (ec != std::errc{} || end != length->data() + length->size()) return std::nullopt;
  return value;
}

std::string hex32(std::uint32_t value) {
  std::array<char, 9> text{};
  std::snprintf(text.data(), text.size(), "%08x", value);
  return text.data();
}

std::string describe_status(const Answer& answer) {
  std::string text = "HTTP " + std::to_string(answer.status);
  const std::string code = storage_error_code(answer.error_body);
  if (!code.empty()) text += " (" + code + ")";
  return text;
}

util::Error status_error(const Answer& answer, const std::string& shown_url) {
  const std::string what = "storage answered " + describe_status(answer) + " for " + shown_url;
  if (answer.status == 404)
    return util::make_error(ErrorKind::not_found, what, "the object does not exist", "check the dataset and version");
  std::string why = answer.status == 429 ? "rate limited" : "server error";
  if (answer.retry_after) why += " (Retry-After " + std::to_string(answer.retry_after->count() / 1000) + " s)";
  return util::make_error(ErrorKind::temporary, what, why, "retry later; the next run resumes the transfer");
}

// One transfer across its requests: retries, a restart from byte 0, new signed URLs.
class TransferRun {
public:
  TransferRun(net::HttpClient& http, const TransferRequest& request, const net::RetryPolicy& retry, util::Logger& log,
              Session& session)
      : m_http(http), m_request(request), m_retry(retry), m_log(log), m_session(session), m_partial(session.partial),
        m_url(request.url), m_shown_url(net::redact_url(request.url)) {}

  util::Result<TransferResult> run();

private:
  Answer request_once(std::uint64_t start);
  bool accept_headers(Answer& answer, std::uint64_t start, long code, const net::HttpHeaders& headers);
  bool accept_data(Answer& answer, std::string_view chunk);
  Next judge(const Answer& answer, std::uint64_t start);
  Next restart(const std::string& why);
  Next renew(const Answer& answer);
  util::Result<TransferResult> finish();

  net::HttpClient& m_http;
  const TransferRequest& m_request;
  const net::RetryPolicy& m_retry;
  util::Logger& m_log;
  Session& m_session;
  PartialFile& m_partial;
  std::string m_url;
  std::string m_shown_url;
  std::optional<util::Error> m_failure;
  bool m_final = false;     // the failure is not worth another request to the same URL
  bool m_restarted = false; // the one restart from byte 0 is used
  int m_renewals = 0;
  int m_requests = 0;
};

util::Result<TransferResult> TransferRun::run() {
  int failures = 0;
  while (true) {
    ++m_requests;
    const std::uint64_t start = m_partial.size();
    const Answer answer = request_once(start);
    if (m_session.sink_error) return *m_session.sink_error;
    const Next next = judge(answer, start);
    if (next == Next::finished) return finish();
    if (next == Next::again) continue;

    util::Error& failure = *m_failure;
    if (failure.kind == ErrorKind::interrupted || util::stop_requested()) {
      m_partial.sync();
      if (failure.kind != ErrorKind::interrupted) util::throw_if_stop_requested();
      return failure;
    }
    ++failures;
    if (m_final || failure.kind != ErrorKind::temporary || !m_retry.may_retry(failures)) {
      if (failure.kind == ErrorKind::temporary && !m_final)
        failure.why += " (after " + std::to_string(failures) + " attempts)";
      m_partial.sync();
      return failure;
    }
    m_log.warn("transfer failed, retrying",
               {{"ref", m_request.identity.ref}, {"attempt", std::to_string(failures)}, {"error", failure.message()}});
    if (!m_retry.wait(failures, answer.retry_after)) {
      m_partial.sync();
      util::throw_if_stop_requested();
    }
  }
}

Answer TransferRun::request_once(std::uint64_t start) {
  Answer answer;
  answer.offset = start;
  m_failure.reset();
  const auto on_headers = [&](long code, const net::HttpHeaders& headers) {
    return accept_headers(answer, start, code, headers);
  };
  const auto on_data = [&](std::string_view chunk) { return accept_data(answer, chunk); };
  auto outcome = m_http.get_stream(m_url, {}, start, on_headers, on_data);
  if (!outcome && !answer.failure) answer.failure = outcome.error();
  if (outcome && answer.status == 0) answer.status = outcome->status;
  return answer;
}

bool TransferRun::accept_headers(Answer& answer, std::uint64_t start, long code, const net::HttpHeaders& headers) {
  answer.status = code;
  if (code != 200 && code != 206) {
    // Read the body as storage's message about the failure, never as data.
    answer.content_range = headers.get("Content-Range").value_or("");
    answer.retry_after =
        net::parse_retry_after(headers.get("Retry-After").value_or(""), std::chrono::system_clock::now());
    return true;
  }
  answer.is_data = true;
  std::optional<std::uint64_t> total;
  if (code == 206) {
    const auto range = net::parse_content_range(headers.get("Content-Range").value_or(""));
    if (!range || range->start != start) {
      answer.failure = util::make_error(ErrorKind::temporary, "storage answered a different range for " + m_shown_url,
                                        "asked for bytes from " + std::to_string(start), "retry later");
      return false;
    }
    total = range->total;
  } else {
    total = content_length(headers);
    answer.offset = 0;
  }
  const PartialIdentity seen = identity_from(m_partial.identity(), total, headers);
  if (!m_partial.identity().same_object(seen)) {
    // Different bytes than the partial (or than what was already delivered) hold.
    if (m_session.delivered > 0) {
      answer.failure =
          util::make_error(ErrorKind::temporary, "the object " + m_shown_url + " changed during the transfer",
                           "size or md5 differ from the first response", "re-run to fetch it afresh");
      (void)m_partial.truncate();
      return false;
    }
    if (code == 206) {
      answer.restart = true; // these bytes follow another object's: ask for this one from byte 0
      return false;
    }
  }
  if (answer.offset == 0 && m_partial.size() > 0) {
    if (auto s = m_partial.truncate(); !s) {
      answer.failure = s.error();
      return false;
    }
  }
  if (auto s = m_partial.set_identity(seen); !s) {
    answer.failure = s.error();
    return false;
  }
  if (answer.offset == start && m_session.delivered < start) {
    if (auto s = m_session.replay_until(start); !s) {
      answer.failure = s.error();
      return false;
    }
  }
  return true;
}

bool TransferRun::accept_data(Answer& answer, std::string_view chunk) {
  if (!answer.is_data) {
    const std::size_t room = k_max_error_body - answer.error_body.size();
    answer.error_body.append(chunk.substr(0, std::min(room, chunk.size())));
    return chunk.size() <= room;
  }
  if (auto s = m_partial.append(chunk); !s) {
    answer.failure = s.error();
    return false;
  }
  const std::uint64_t end = answer.offset + chunk.size();
  if (end > m_session.delivered) {
    const std::uint64_t skip = m_session.delivered > answer.offset ? m_session.delivered - answer.offset : 0;
    if (auto s = m_session.deliver(chunk.substr(static_cast<std::size_t>(skip))); !s) {
      answer.failure = s.error();
      return false;
    }
  }
  answer.offset = end;
  return true;
}

Next TransferRun::judge(const Answer& answer, std::uint64_t start) {
  if (answer.failure) {
    m_failure = answer.failure;
    return Next::failed;
  }
  if (answer.restart) return restart("storage's size or md5 differs from what the partial recorded");
  const auto expected = m_partial.identity().expected_bytes;
  if (answer.is_data) {
    if (expected && m_session.delivered != *expected) {
      m_failure = util::make_error(ErrorKind::temporary, "the transfer of " + m_shown_url + " ended early",
                                   std::to_string(m_session.delivered) + " of " + std::to_string(*expected) + " bytes",
                                   "retrying resumes it");
      return Next::failed;
    }
    return Next::finished;
  }
  const StorageVerdict verdict =
      judge_storage_answer(answer.status, answer.content_range, answer.error_body, start, expected);
  switch (verdict) {
  case StorageVerdict::complete:
    if (auto s = m_session.replay_until(start); !s) {
      m_failure = s.error();
      return Next::failed;
    }
    m_log.info("the partial download already holds every byte",
               {{"ref", m_request.identity.ref}, {"bytes", std::to_string(start)}});
    if (!expected) {
      PartialIdentity known = m_partial.identity();
      known.expected_bytes = start;
      if (auto s = m_partial.set_identity(known); !s)
        m_log.warn("cannot record the partial's size", {{"error", s.error().message()}});
    }
    return Next::finished;
  case StorageVerdict::restart:
    return restart("storage answered 416 with Content-Range '" + answer.content_range + "' for a partial of " +
                   std::to_string(start) + " bytes");
  case StorageVerdict::renew_url:
    return renew(answer);
  case StorageVerdict::not_found:
  case StorageVerdict::retry:
    m_failure = status_error(answer, m_shown_url);
    return Next::failed;
  }
  return Next::failed;
}

Next TransferRun::restart(const std::string& why) {
  // The bytes held are not this object's: they go, and the object comes again from byte 0, once.
  const bool allowed = !m_restarted && m_session.delivered == 0;
  if (auto s = m_partial.truncate(); !s) {
    m_failure = s.error();
    return Next::failed;
  }
  if (!allowed) {
    m_failure =
        util::make_error(ErrorKind::temporary, "the object " + m_shown_url + " does not match its partial download",
                         why + ", again after starting over", "re-run to fetch it afresh");
    return Next::failed;
  }
  m_restarted = true;
  m_log.warn("the partial download is not this object's; fetching it again from byte 0",
             {{"ref", m_request.identity.ref}, {"why", why}});
  return Next::again;
}

Next TransferRun::renew(const Answer& answer) {
  if (!m_request.renew_url || m_renewals >= k_max_url_renewals) {
    m_final = true;
    const std::string after = m_renewals > 0 ? " after " + std::to_string(m_renewals) + " new URL(s) from Kaggle" : "";
    m_failure = util::make_error(
        ErrorKind::temporary, "storage answered " + describe_status(answer) + " for " + m_shown_url,
        "the signed URL was refused" + after, "retry later; the next run resumes the transfer with a new URL");
    return Next::failed;
  }
  ++m_renewals;
  m_log.info(
      "the signed URL expired or was refused; asking Kaggle for a new one",
      {{"ref", m_request.identity.ref}, {"status", describe_status(answer)}, {"renewal", std::to_string(m_renewals)}});
  auto fresh = m_request.renew_url();
  if (!fresh) {
    m_final = true; // the API's own answer: a 403 there is a permission failure
    m_failure = fresh.error();
    return Next::failed;
  }
  m_url = std::move(*fresh);
  m_shown_url = net::redact_url(m_url);
  return Next::again;
}

util::Result<TransferResult> TransferRun::finish() {
  TransferResult result;
  result.attempts = m_requests;
  result.bytes = m_session.delivered;
  result.resumed_from = m_session.replayed;
  result.md5_hex = m_session.md5.finish_hex();
  result.crc32c = m_session.crc32c ^ 0xFFFFFFFFU;
  const std::string& expected_md5 = m_partial.identity().md5_hex;
  if (!expected_md5.empty() && expected_md5 != result.md5_hex) {
    discard_partial(m_request.partial_dir, m_request.identity);
    return util::make_error(ErrorKind::integrity, "the download of " + m_shown_url + " is corrupt",
                            "md5 " + result.md5_hex + " but x-goog-hash says " + expected_md5,
                            "the partial was discarded; re-run to fetch it again");
  }
  // A composite object has no md5: its CRC-32C is then the only check of its bytes.
  const auto expected_crc = m_partial.identity().crc32c;
  if (expected_crc && *expected_crc != result.crc32c) {
    discard_partial(m_request.partial_dir, m_request.identity);
    return util::make_error(ErrorKind::integrity, "the download of " + m_shown_url + " is corrupt",
                            "crc32c " + hex32(result.crc32c) + " but x-goog-hash says " + hex32(*expected_crc),
                            "the partial was discarded; re-run to fetch it again");
  }
  return result;
}

} // namespace

util::Result<TransferResult> transfer(net::HttpClient& http, const TransferRequest& request,
                                      const net::RetryPolicy& retry, const ByteSink& sink,
                                      const ProgressCallback& progress, util::Logger& log) {
  auto opened = PartialFile::open(request.partial_dir, request.identity);
  if (!opened) return opened.error();
  PartialFile& partial = *opened;
  Session session{partial, sink, progress, util::Hasher(util::Hasher::Algorithm::md5), 0xFFFFFFFFU, 0, 0, std::nullopt};
  if (partial.size() > 0) {
    log.info("resuming a partial download", {{"ref", request.identity.ref},
                                             {"object", request.identity.object},
                                             {"bytes", std::to_string(partial.size())}});
  }
  TransferRun run(http, request, retry, log, session);
  return run.run();
}

} // namespace fk::download
