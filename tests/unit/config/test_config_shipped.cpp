// The config files this project ships, and the examples in its docs, parse with the strict reader.
#include "config/config.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace fk;

namespace {

const std::filesystem::path k_source = FK_SOURCE_DIR;

// Return the ```yaml blocks of `markdown` that are config files (start with datasets: or retention:).
std::vector<std::string> config_blocks(const std::string& markdown) {
  std::vector<std::string> blocks;
  std::istringstream lines(markdown);
  std::string line;
  std::optional<std::string> block;
  while (std::getline(lines, line)) {
    if (!block && line == "```yaml") {
      block.emplace();
    } else if (block && line == "```") {
      if (block->starts_with("datasets:") || block->starts_with("retention:")) blocks.push_back(*block);
      block.reset();
    } else if (block) {
      *block += line + "\n";
    }
  }
  return blocks;
}

} // namespace

TEST_CASE("the shipped datasets.yaml files parse") {
  for (const char* file : {"docker/datasets.yaml", "k8s/datasets.yaml"}) {
    INFO(file);
    auto parsed = config::read_config(k_source / file);
    if (!parsed.ok()) FAIL(parsed.error().message());
    CHECK_FALSE(parsed->datasets.empty());
    CHECK(parsed->retention.raw == std::optional<config::KeepDays>(90));
    CHECK(parsed->retention.archive == std::optional<config::KeepDays>(365));
  }
}

TEST_CASE("the config examples in the docs parse") {
  std::size_t examples = 0;
  for (const char* doc : {"docs/download.md", "docs/process.md", "docs/archive.md", "docs/deploy.md"}) {
    auto text = util::read_file(k_source / doc);
    REQUIRE(text.ok());
    for (const std::string& block : config_blocks(*text)) {
      INFO(doc << ":\n" << block);
      auto parsed = config::parse_config(block, doc);
      if (!parsed.ok()) FAIL(parsed.error().message());
      ++examples;
    }
  }
  CHECK(examples >= 2); // archive.md's and process.md's at least
}
