#include "download/shard.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace fk::download;
using fk::kaggle::DatasetRef;

namespace {

std::vector<DatasetRef> refs_of(const std::vector<std::string>& texts) {
  std::vector<DatasetRef> refs;
  for (const std::string& text : texts) refs.push_back(fk::kaggle::parse_dataset_ref(text).value());
  return refs;
}

std::vector<std::string> texts_of(const std::vector<DatasetRef>& refs) {
  std::vector<std::string> texts;
  for (const DatasetRef& ref : refs) texts.push_back(ref.to_string());
  return texts;
}

} // namespace

TEST_CASE("--shard I/N parses whole numbers with I below N") {
  auto shard = parse_shard("2/3");
  REQUIRE(shard.ok());
  CHECK(shard->index == 2);
  CHECK(shard->count == 3);
  CHECK(parse_shard("0/1").ok());
  for (const char* bad : {"3/3", "4/3", "0/0", "1/0", "", "1", "/3", "1/", "a/3", "1/b", "-1/3", "1/-3", " 1/3",
                          "1/3/5", "1.0/3", "0x1/3", "1/9999999999"}) {
    INFO(bad);
    auto parsed = parse_shard(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == fk::util::ErrorKind::usage);
    CHECK(parsed.error().message().find("--shard") != std::string::npos);
  }
}

TEST_CASE("shards split the sorted distinct datasets by position, whatever the input order") {
  const auto refs = refs_of({"zed/last", "alice/b", "bob/c", "alice/a", "carol/d"});
  // Sorted: alice/a(0) alice/b(1) bob/c(2) carol/d(3) zed/last(4).
  CHECK(texts_of(select_shard(refs, {0, 2})) == std::vector<std::string>{"zed/last", "bob/c", "alice/a"});
  CHECK(texts_of(select_shard(refs, {1, 2})) == std::vector<std::string>{"alice/b", "carol/d"});
  CHECK(texts_of(select_shard(refs, {0, 1})) == texts_of(refs));
  auto reversed = refs;
  std::reverse(reversed.begin(), reversed.end());
  for (std::size_t i = 0; i < 3; ++i) {
    const auto a = texts_of(select_shard(refs, {i, 3}));
    const auto b = texts_of(select_shard(reversed, {i, 3}));
    CHECK(std::set<std::string>(a.begin(), a.end()) == std::set<std::string>(b.begin(), b.end()));
  }
}

TEST_CASE("every dataset lands in exactly one shard, versions of one dataset together") {
  const auto refs = refs_of({"a/x", "a/x/3", "b/y", "c/z", "d/w", "e/v", "f/u", "g/t"});
  for (std::size_t count = 1; count <= 9; ++count) {
    std::multiset<std::string> seen;
    for (std::size_t index = 0; index < count; ++index) {
      std::set<std::string> datasets;
      for (const DatasetRef& ref : select_shard(refs, {index, count})) {
        seen.insert(ref.to_string());
        datasets.insert(ref.ref());
      }
      if (datasets.count("a/x") == 1) {
        const auto texts = texts_of(select_shard(refs, {index, count}));
        CHECK(std::count(texts.begin(), texts.end(), "a/x/3") == 1);
      }
    }
    CHECK(seen.size() == refs.size());
    for (const DatasetRef& ref : refs) CHECK(seen.count(ref.to_string()) == 1);
  }
}
