// The strict config reader: unknown keys and wrong types are usage errors naming the key path, its
// line and the closest valid key; yaml-cpp's exceptions never escape.
#include "config/config.hpp"
#include "config/yaml_strict.hpp"

#include <array>
#include <catch2/catch.hpp>

using namespace fk;

namespace {

// Parse `text` and return the error it must give.
util::Error refused(const std::string& text) {
  auto parsed = config::parse_config(text, "c.yaml");
  INFO(text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().kind == util::ErrorKind::usage);
  CHECK(parsed.error().what == "invalid config c.yaml");
  return parsed.error();
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a misspelt top-level key is refused with its line and the closest key") {
  const auto error = refused("datasets:\n  - a/b\n\nretenion:\n  raw: 3d\n");
  CHECK(error.why == "retenion at line 4, column 1 is an unknown key");
  CHECK(has(error.fix, "did you mean \"retention\"?"));
  CHECK(has(error.fix, "datasets, retention"));
  CHECK(has(refused("dataset: [a/b]\n").fix, "did you mean \"datasets\"?"));
  // A word that is no typo of any key gets the list, not a guess.
  const auto far = refused("schedule: nightly\n");
  CHECK(has(far.why, "schedule at line 1"));
  CHECK_FALSE(has(far.fix, "did you mean"));
  CHECK(has(far.fix, "datasets, retention"));
}

TEST_CASE("unknown keys are refused at every level") {
  const auto area = refused("retention:\n  raw: 3d\n  rawdata: 5d\n");
  CHECK(area.why == "retention.rawdata at line 3, column 3 is an unknown key");
  CHECK(has(area.fix, "raw, processed, reports, metadata, archive"));
  CHECK(has(refused("retention: {procesed: 3d}").fix, "did you mean \"processed\"?"));
  const auto entry = refused("datasets:\n  - ref: a/b\n    file: [x.csv]\n");
  CHECK(entry.why == "datasets[0].file at line 3, column 5 is an unknown key");
  CHECK(has(entry.fix, "did you mean \"files\"?"));
  const auto twice = refused("retention: {raw: 3d}\nretention: {raw: 5d}\n");
  CHECK(twice.why == "retention at line 2, column 1 is given twice");
}

TEST_CASE("a non-scalar under retention is a usage error, not a yaml-cpp exception") {
  const auto nested = refused("retention:\n  raw:\n    days: 30\n");
  CHECK(nested.why == "retention.raw at line 3, column 5 must be a period such as 90d, 12w or never, not a mapping");
  CHECK(has(refused("retention:\n  raw: [30d]\n").why, "retention.raw at line 2, column 8 must be a period"));
  const auto key = refused("retention:\n  ? [raw]\n  : 30d\n");
  CHECK(has(key.why, "retention at line 2"));
  CHECK(has(key.why, "has a key that is a list"));
  const auto period = refused("retention:\n  raw: 30\n");
  CHECK(has(period.why, "retention.raw at line 2, column 8"));
  CHECK(has(period.why, "expected days or weeks"));
}

TEST_CASE("values of the wrong type name their key path and line") {
  CHECK(refused("retention: [raw]\n").why == "retention at line 1, column 12 must be a mapping, not a list");
  CHECK(refused("retention:\n").why.find("must be a mapping, not empty") != std::string::npos);
  CHECK(refused("datasets: a/b\n").why == "datasets at line 1, column 11 must be a list of datasets, not a scalar");
  CHECK(has(refused("datasets:\n  - [a/b]\n").why, "datasets[0] at line 2, column 5 must be \"owner/slug\""));
  CHECK(has(refused("datasets:\n  - ref: a/b\n    files: x.csv\n").why,
            "datasets[0].files at line 3, column 12 must be a list of file globs, not a scalar"));
  CHECK(has(refused("datasets:\n  - ref: a/b\n    files: [x.csv, {y: z}]\n").why,
            "datasets[0].files[1] at line 3, column 20 must be a file glob, not a mapping"));
  CHECK(has(refused("datasets:\n  - ref: a/b\n    schemas: {\"*.csv\": [s.json]}\n").why,
            "datasets[0].schemas.*.csv at line 3, column 24 must be a scalar"));
  CHECK(has(refused("datasets:\n  - ref: a/b\n    version: three\n").why,
            "datasets[0].version at line 3, column 14 must be a positive whole number"));
  CHECK(has(refused("datasets:\n  - ref: {owner: a}\n").why, "datasets[0].ref at line 2, column 10 must be"));
  CHECK(has(refused("datasets:\n  - version: 2\n").why, "has no \"ref\""));
  CHECK(has(refused("datasets:\n  - not a ref\n").why, "datasets[0] at line 2"));
  CHECK(has(refused("- a/b\n").why, "the file at line 1, column 1 must be a mapping"));
  CHECK(has(refused("").why, "the file must be a mapping"));
  const auto broken = refused("datasets: [a/b\nretention: {raw: 3d}\n");
  CHECK(has(broken.why, "is not YAML or JSON"));
  CHECK(has(broken.why, "line "));
}

TEST_CASE("the documented format parses, in YAML and in JSON") {
  const std::string yaml = "datasets:\n"
                           "  - erlichsefi/israeli-supermarkets-2024\n"
                           "  - ref: owner/slug\n"
                           "    version: 3\n"
                           "    files: [\"price_full_file_*.csv\", index.json]\n"
                           "    schemas:\n"
                           "      \"price_full_file_*.csv\": schemas/price_full.json\n"
                           "retention: {raw: 30d, processed: 30d, reports: 52w, metadata: 365d, archive: never}\n";
  const std::string json = R"({"datasets": ["erlichsefi/israeli-supermarkets-2024",
    {"ref": "owner/slug", "version": 3, "files": ["price_full_file_*.csv", "index.json"],
     "schemas": {"price_full_file_*.csv": "schemas/price_full.json"}}],
    "retention": {"raw": "30d", "processed": "30d", "reports": "52w", "metadata": "365d", "archive": "never"}})";
  for (const std::string& text : {yaml, json}) {
    auto parsed = config::parse_config(text, "c");
    INFO(text);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->datasets.size() == 2);
    CHECK(parsed->datasets[0].ref.ref() == "erlichsefi/israeli-supermarkets-2024");
    CHECK(parsed->datasets[1].ref.version == std::optional<long long>(3));
    CHECK(parsed->datasets[1].files == std::vector<std::string>{"price_full_file_*.csv", "index.json"});
    REQUIRE(parsed->datasets[1].schemas.size() == 1);
    CHECK(parsed->datasets[1].schemas[0].second == "schemas/price_full.json");
    CHECK(parsed->retention.raw == std::optional<config::KeepDays>(30));
    CHECK(parsed->retention.reports == std::optional<config::KeepDays>(364));
    CHECK(parsed->retention.archive == std::optional<config::KeepDays>(config::KeepDays{}));
  }
  // Both keys are optional: archive reads a retention-only file, download a datasets-only one.
  auto only_retention = config::parse_config("retention: {raw: 3d}", "c");
  REQUIRE(only_retention.ok());
  CHECK(only_retention->datasets.empty());
  CHECK_FALSE(only_retention->retention.processed.has_value());
  auto json_error = config::parse_config(R"({"datasets": ["a/b"], "retension": {"raw": "3d"}})", "c.json");
  REQUIRE_FALSE(json_error.ok());
  CHECK(json_error.error().why == "retension at line 1, column 23 is an unknown key");
  CHECK(has(json_error.error().fix, "did you mean \"retention\"?"));
}

TEST_CASE("the closest key is found by edit distance") {
  constexpr std::array<std::string_view, 2> keys{"datasets", "retention"};
  CHECK(config::edit_distance("retenion", "retention") == 1);
  CHECK(config::edit_distance("retnetion", "retention") == 1); // a swap of neighbours
  CHECK(config::edit_distance("", "raw") == 3);
  CHECK(config::closest_key("Retention", keys) == "retention");
  CHECK(config::closest_key("datset", keys) == "datasets");
  CHECK(config::closest_key("x", keys).empty());
  constexpr std::array<std::string_view, 5> areas{"raw", "processed", "reports", "metadata", "archive"};
  CHECK(config::closest_key("rawdays", areas) == "raw"); // the key with something added
  CHECK(config::closest_key("process", areas) == "processed");
  CHECK(config::closest_key("retention", areas).empty());
}
