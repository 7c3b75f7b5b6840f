// KaggleClient and HttpClient against the project's fake Kaggle server on 127.0.0.1.
#include "kaggle/client.hpp"
#include "net/header_parsers.hpp"
#include "util/hash.hpp"

#include "fake_kaggle_process.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

using namespace fk::kaggle;
using fk::kaggle::testing::FakeKaggleProcess;
using fk::util::ErrorKind;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr int k_many_files = 250; // more than one ListDatasetFiles page of 200

std::string file_content(int index) { return "id,value\n" + std::to_string(index) + ",x\n"; }

// A temporary data folder with alice/public-data (v1: 250 files, v2: one file) and alice/secret (private).
class Fixture {
public:
  Fixture() {
    std::string pattern = (fs::temp_directory_path() / "fk-kaggle-client-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_root = pattern;
    const fs::path v1 = m_root / "datasets/alice/public-data/versions/1";
    fs::create_directories(v1);
    for (int i = 0; i < k_many_files; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "f%03d.csv", i);
      std::ofstream(v1 / name) << file_content(i);
    }
    const fs::path v2 = m_root / "datasets/alice/public-data/versions/2";
    fs::create_directories(v2);
    std::ofstream(v2 / "train.csv") << m_train;
    const fs::path secret = m_root / "datasets/alice/secret";
    fs::create_directories(secret / "versions/1");
    std::ofstream(secret / "versions/1/data.csv") << "a\n1\n";
    std::ofstream(secret / "dataset.json") << R"({"isPrivate": true})";
    m_server = std::make_unique<FakeKaggleProcess>(m_root / "datasets", m_root);
  }
  ~Fixture() {
    m_server.reset();
    std::error_code ec;
    fs::remove_all(m_root, ec);
  }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  FakeKaggleProcess& server() { return *m_server; }
  const std::string& train() const { return m_train; }

  Credentials alice() const {
    return Credentials{CredentialKind::api_key, "alice", FakeKaggleProcess::k_alice_key, "test"};
  }
  Credentials bob() const { return Credentials{CredentialKind::access_token, "", FakeKaggleProcess::k_bob_token, "test"}; }

private:
  fs::path m_root;
  std::string m_train = std::string(100000, 'z') + "\nend\n";
  std::unique_ptr<FakeKaggleProcess> m_server;
};

struct Client {
  std::ostringstream log_text;
  fk::util::Logger logger{log_text, fk::util::LogFormat::text, fk::util::LogLevel::debug};
  fk::net::HttpClient http;
  KaggleClient kaggle;
  Client(const std::string& base, Credentials credentials) : kaggle(base, std::move(credentials), http, logger) {}
};

std::vector<std::string> matching_records(const FakeKaggleProcess& server, std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& line : server.request_log_lines()) {
    simdjson::dom::parser parser;
    simdjson::dom::element record;
    REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
    std::string_view path;
    REQUIRE(record["path"].get(path) == simdjson::SUCCESS);
    if (path.substr(0, prefix.size()) == prefix) out.push_back(line);
  }
  return out;
}

// Return the request-log records whose path starts with `prefix`, waiting up to 3 s for at least
// `expected` of them (the server logs an exchange just after answering it).
std::vector<std::string> records_under(const FakeKaggleProcess& server, std::string_view prefix,
                                       std::size_t expected = 0) {
  std::vector<std::string> out;
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  do {
    out = matching_records(server, prefix);
    if (out.size() >= expected) break;
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return out;
}

} // namespace

TEST_CASE("KaggleClient builds generation A URLs for prod and for other bases") {
  fk::net::HttpClient http;
  std::ostringstream sink;
  fk::util::Logger logger(sink, fk::util::LogFormat::text, fk::util::LogLevel::info);
  CHECK(KaggleClient("https://api.kaggle.com/", {}, http, logger).method_url("GetDataset") ==
        "https://api.kaggle.com/v1/datasets.DatasetApiService/GetDataset");
  CHECK(KaggleClient("http://127.0.0.1:9", {}, http, logger).method_url("GetDataset") ==
        "http://127.0.0.1:9/api/v1/datasets.DatasetApiService/GetDataset");
  CHECK(KaggleClient("http://127.0.0.1:9/api/v1", {}, http, logger).method_url("X") ==
        "http://127.0.0.1:9/api/v1/datasets.DatasetApiService/X");
  CHECK(choose_api_endpoint(std::string("http://flag:1/"), std::string("http://env:2")).value() == "http://flag:1");
  CHECK(choose_api_endpoint(std::nullopt, std::string("http://env:2")).value() == "http://env:2");
  CHECK(choose_api_endpoint(std::nullopt, std::nullopt).value() == "https://api.kaggle.com");
  CHECK(choose_api_endpoint(std::string("ftp://x"), std::nullopt).error().kind == ErrorKind::usage);
}

TEST_CASE("KaggleClient reads datasets, metadata and searches from the fake server") {
  Fixture fixture;
  Client client(fixture.server().base_url(), fixture.alice());
  auto dataset = client.kaggle.get_dataset("alice", "public-data");
  REQUIRE(dataset.ok());
  CHECK(dataset->ref == "alice/public-data");
  CHECK(dataset->current_version_number == 2);
  CHECK(dataset->license_name == "CC0-1.0");

  auto metadata = client.kaggle.get_dataset_metadata("alice", "public-data");
  REQUIRE(metadata.ok());
  CHECK(metadata->licenses == std::vector<std::string>{"CC0-1.0"});

  auto found = client.kaggle.list_datasets("public", "", 10);
  REQUIRE(found.ok());
  REQUIRE(found->size() == 1);
  CHECK((*found)[0].ref == "alice/public-data");
  // The key never reaches the log.
  CHECK(client.log_text.str().find(FakeKaggleProcess::k_alice_key) == std::string::npos);
}

TEST_CASE("list_dataset_files follows every page") {
  Fixture fixture;
  Client client(fixture.server().base_url(), {});
  auto files = client.kaggle.list_dataset_files("alice", "public-data", 1);
  REQUIRE(files.ok());
  REQUIRE(files->size() == static_cast<std::size_t>(k_many_files));
  CHECK(files->front().name == "f000.csv");
  CHECK(files->back().name == "f249.csv");
  CHECK(files->back().total_bytes == static_cast<std::int64_t>(file_content(249).size()));
  const auto calls = records_under(fixture.server(), "/api/v1/datasets.DatasetApiService/ListDatasetFiles", 2);
  REQUIRE(calls.size() == 2);
  CHECK(calls[1].find("pageToken") != std::string::npos);

  auto current = client.kaggle.list_dataset_files("alice", "public-data", std::nullopt);
  REQUIRE(current.ok());
  REQUIRE(current->size() == 1);
  CHECK(current->front().name == "train.csv");
}

TEST_CASE("resolve_download returns the storage URL, and the storage GET carries no Authorization") {
  Fixture fixture;
  Client client(fixture.server().base_url(), fixture.alice());
  auto target = client.kaggle.resolve_download("alice", "public-data", 2, std::string("train.csv"));
  REQUIRE(target.ok());
  CHECK(target->object_name == "train.csv");
  CHECK(target->url.find("/storage/alice/public-data/2/train.csv?") != std::string::npos);
  // Nothing was followed: only the API request so far.
  CHECK(records_under(fixture.server(), "/storage").empty());

  auto whole = client.kaggle.resolve_download("alice", "public-data", std::nullopt, std::nullopt);
  REQUIRE(whole.ok());
  CHECK(whole->object_name == "archive.zip");

  std::string body;
  std::optional<std::string> md5;
  auto outcome = client.http.get_stream(
      target->url, {}, 0,
      [&](long, const fk::net::HttpHeaders& headers) {
        if (auto hash = headers.get_joined("x-goog-hash")) md5 = fk::net::parse_goog_hash_md5(*hash);
        return true;
      },
      [&](std::string_view chunk) {
        body.append(chunk);
        return true;
      });
  REQUIRE(outcome.ok());
  CHECK(outcome->status == 200);
  CHECK(body == fixture.train());
  REQUIRE(md5);
  fk::util::Hasher hasher(fk::util::Hasher::Algorithm::md5);
  hasher.update(body);
  CHECK(*md5 == hasher.finish_raw());

  const auto storage = records_under(fixture.server(), "/storage", 1);
  REQUIRE(storage.size() == 1);
  CHECK(storage[0].find("\"auth_on_storage\":false") != std::string::npos);
  CHECK(storage[0].find("Authorization") == std::string::npos);
  const auto api = records_under(fixture.server(), "/api/v1/datasets.DatasetApiService/DownloadDataset", 2);
  REQUIRE(api.size() == 2);
  CHECK(api[0].find("Authorization") != std::string::npos);
}

TEST_CASE("get_stream with range_start resumes with 206, and an aborted stream stops early") {
  Fixture fixture;
  Client client(fixture.server().base_url(), {});
  auto target = client.kaggle.resolve_download("alice", "public-data", 2, std::string("train.csv"));
  REQUIRE(target.ok());
  const std::uint64_t start = 90000;
  std::string tail;
  auto ranged = client.http.get_stream(target->url, {}, start, [](long, const fk::net::HttpHeaders&) { return true; },
                                       [&](std::string_view chunk) {
                                         tail.append(chunk);
                                         return true;
                                       });
  REQUIRE(ranged.ok());
  CHECK(ranged->status == 206);
  CHECK(tail == fixture.train().substr(start));
  const auto range = fk::net::parse_content_range(ranged->headers.get("Content-Range").value_or(""));
  REQUIRE(range);
  CHECK(range->start == start);
  CHECK(range->total == fixture.train().size());

  std::uint64_t seen = 0;
  auto aborted = client.http.get_stream(target->url, {}, 0, [](long, const fk::net::HttpHeaders&) { return true; },
                                        [&](std::string_view chunk) {
                                          seen += chunk.size();
                                          return false;
                                        });
  REQUIRE(aborted.ok());
  CHECK(aborted->aborted_by_caller);
  CHECK(seen < fixture.train().size());

  fixture.server().add_faults(R"([{"match": "storage", "cut_after_bytes": 1000}])");
  auto cut = client.http.get_stream(target->url, {}, 0, [](long, const fk::net::HttpHeaders&) { return true; },
                                    [](std::string_view) { return true; });
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().kind == ErrorKind::temporary);
  CHECK(cut.error().what.find("X-Goog-Signature") == std::string::npos);
}

TEST_CASE("API errors map to permission, not_found and temporary with Retry-After") {
  Fixture fixture;
  SECTION("401 for a wrong key") {
    Client client(fixture.server().base_url(), Credentials{CredentialKind::api_key, "alice", "wrong-key-0000", "test"});
    auto dataset = client.kaggle.get_dataset("alice", "public-data");
    REQUIRE_FALSE(dataset.ok());
    CHECK(dataset.error().kind == ErrorKind::permission);
    CHECK(dataset.error().why.find("401") != std::string::npos);
  }
  SECTION("403 for someone else's private dataset") {
    Client client(fixture.server().base_url(), fixture.bob());
    auto dataset = client.kaggle.get_dataset("alice", "secret");
    REQUIRE_FALSE(dataset.ok());
    CHECK(dataset.error().kind == ErrorKind::permission);
    Client owner(fixture.server().base_url(), fixture.alice());
    CHECK(owner.kaggle.get_dataset("alice", "secret").ok());
  }
  SECTION("404 names the dataset and version, in both body shapes") {
    Client client(fixture.server().base_url(), {});
    auto missing = client.kaggle.list_dataset_files("alice", "public-data", 9);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::not_found);
    CHECK(missing.error().what.find("alice/public-data version 9") != std::string::npos);
    fixture.server().add_faults(R"([{"match": "GetDataset", "error_shape": "google"}])");
    auto google = client.kaggle.get_dataset("alice", "no-such-dataset");
    REQUIRE_FALSE(google.ok());
    CHECK(google.error().kind == ErrorKind::not_found);
    CHECK(google.error().what.find("alice/no-such-dataset") != std::string::npos);
  }
  SECTION("429 is temporary and keeps Retry-After") {
    Client client(fixture.server().base_url(), {});
    fixture.server().add_faults(R"([{"match": "DownloadDataset", "status": 429, "retry_after": "7"}])");
    auto target = client.kaggle.resolve_download("alice", "public-data", std::nullopt, std::nullopt);
    REQUIRE_FALSE(target.ok());
    CHECK(target.error().kind == ErrorKind::temporary);
    CHECK(client.kaggle.last_retry_after() == 7000ms);
    REQUIRE(client.kaggle.resolve_download("alice", "public-data", std::nullopt, std::nullopt).ok());
    CHECK_FALSE(client.kaggle.last_retry_after());
  }
  SECTION("5xx is temporary") {
    Client client(fixture.server().base_url(), {});
    fixture.server().add_faults(R"([{"match": "api", "status": 503}])");
    auto dataset = client.kaggle.get_dataset("alice", "public-data");
    REQUIRE_FALSE(dataset.ok());
    CHECK(dataset.error().kind == ErrorKind::temporary);
  }
}

TEST_CASE("KaggleClient retries temporary answers and connection errors, never permanent ones") {
  Fixture fixture;
  std::ostringstream log_text;
  fk::util::Logger logger(log_text, fk::util::LogFormat::text, fk::util::LogLevel::debug);
  fk::net::HttpClient http;
  fk::net::RetryConfig retry;
  retry.max_attempts = 3;
  retry.base = 1ms;
  retry.cap = 2ms;
  retry.retry_after_cap = 5ms; // a Retry-After of 7 s is honoured up to this cap
  KaggleClient client(fixture.server().base_url(), {}, http, logger, retry);
  SECTION("a 429 and a 503, then the answer") {
    fixture.server().add_faults(R"([{"match": "GetDataset", "status": 429, "retry_after": "7"},
                                    {"match": "GetDataset", "status": 503}])");
    auto dataset = client.get_dataset("alice", "public-data");
    REQUIRE(dataset.ok());
    CHECK(records_under(fixture.server(), "/api/v1/datasets.DatasetApiService/GetDataset", 3).size() == 3);
    CHECK(log_text.str().find("Kaggle API call failed, retrying") != std::string::npos);
  }
  SECTION("503 on every attempt: the error names the attempts") {
    fixture.server().add_faults(R"([{"match": "DownloadDataset", "status": 503, "count": -1}])");
    auto target = client.resolve_download("alice", "public-data", std::nullopt, std::nullopt);
    REQUIRE_FALSE(target.ok());
    CHECK(target.error().kind == ErrorKind::temporary);
    CHECK(target.error().why.find("(after 3 attempts)") != std::string::npos);
  }
  SECTION("404 and 403 are answered at once") {
    auto missing = client.get_dataset("alice", "no-such-dataset");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::not_found);
    fixture.server().add_faults(R"([{"match": "ListDatasetFiles", "status": 403, "count": -1}])");
    auto files = client.list_dataset_files("alice", "public-data", std::nullopt);
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().kind == ErrorKind::permission);
    CHECK(records_under(fixture.server(), "/api/v1/datasets.DatasetApiService/ListDatasetFiles", 1).size() == 1);
    CHECK(log_text.str().find("retrying") == std::string::npos);
  }
  SECTION("a closed port is retried") {
    KaggleClient closed("http://127.0.0.1:9", {}, http, logger, retry);
    auto dataset = closed.get_dataset("alice", "public-data");
    REQUIRE_FALSE(dataset.ok());
    CHECK(dataset.error().kind == ErrorKind::temporary);
    CHECK(dataset.error().why.find("(after 3 attempts)") != std::string::npos);
  }
}

TEST_CASE("plain http:// to a host other than the loopback gets a clear-text warning (net::is_cleartext_remote)") {
  for (const char* quiet : {"https://api.kaggle.com", "http://127.0.0.1:8080", "http://localhost/api", "http://[::1]:9/",
                            "http://u:p@127.0.0.2:1", "https://example.com"}) {
    INFO(quiet);
    CHECK_FALSE(fk::kaggle::cleartext_warning(quiet));
  }
  for (const char* loud : {"http://fake-kaggle:8080", "http://api.kaggle.com", "http://10.0.0.1/", "http://127.0.0.1.evil.com/",
                           "http://localhost.evil.com:80"}) {
    INFO(loud);
    const auto warning = fk::kaggle::cleartext_warning(loud);
    REQUIRE(warning);
    CHECK(warning->find("unencrypted") != std::string::npos);
  }
}
