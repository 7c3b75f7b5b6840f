// The retention plan over a generated 400-day history: exactly the expected days are pruned.
#include "retention/plan.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace fk;
using retention::ArchiveState;

namespace {

const layout::Day k_today = layout::Day::parse("20261202").value();

layout::Day day_aged(long age) { return k_today.plus_days(-age); }

// 400 days (ages 0-399), each with reports, raw and processed up to age 300 (older ones were pruned
// by earlier runs); archives for every day older than 7 days, written 8 days after the day, verified,
// except: age 100 only a leftover (no checksum file), 120 stale, 150 never archived, 95 archived but
// not verified in this run. Two metadata files.
retention::Inventory history() {
  retention::Inventory inventory;
  for (long age = 399; age >= 0; --age) {
    retention::DayEntry entry{day_aged(age), age <= 300, age <= 300, true, ArchiveState::none, {}, {}, false, {}};
    if (age > 7) {
      entry.archive = ArchiveState::verified;
      entry.archive_name = entry.day.str() + ".tar.gz";
      entry.archive_written = day_aged(age - 8);
    }
    if (age == 100) entry.archive = ArchiveState::leftover;
    if (age == 120) entry.archive = ArchiveState::stale;
    if (age == 95) entry.archive = ArchiveState::present;
    if (age == 150) {
      entry.archive = ArchiveState::none;
      entry.archive_name.clear();
    }
    inventory.days.push_back(entry);
  }
  inventory.metadata = {{"datasets/a/b.json", day_aged(365)}, {"datasets/c/d.json", day_aged(366)}};
  return inventory;
}

std::map<std::string, std::set<std::string>> pruned_by_area(const retention::RetentionPlan& plan) {
  std::map<std::string, std::set<std::string>> pruned;
  for (const auto& d : plan.decisions) {
    if (d.prune) pruned[d.area].insert(d.item);
  }
  return pruned;
}

std::set<std::string> ages(long from, long to, std::set<long> except = {}) {
  std::set<std::string> days;
  for (long age = from; age <= to; ++age) {
    if (!except.contains(age)) days.insert(day_aged(age).str());
  }
  return days;
}

const retention::Decision& find(const retention::RetentionPlan& plan, const std::string& area, const std::string& item) {
  for (const auto& d : plan.decisions) {
    if (d.area == area && d.item == item) return d;
  }
  FAIL("no decision for " << area << " " << item);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("a 400-day history with the default policy prunes exactly the expected days") {
  const retention::RetentionPlan plan = retention::plan_retention(k_today, {}, history());
  CHECK_FALSE(plan.blocked);
  // Every item gets a line: 301 raw + 301 processed + 391 archives (ages 8-399 but 150) + 400 reports + 2 metadata.
  CHECK(plan.decisions.size() == 301 + 301 + 391 + 400 + 2);
  auto pruned = pruned_by_area(plan);
  // raw and processed: older than 90 days (ages 91-300) and a verified archive.
  CHECK(pruned["raw"] == ages(91, 300, {95, 100, 120, 150}));
  CHECK(pruned["raw"].size() == 206);
  CHECK(pruned["processed"] == ages(91, 300, {95, 100, 120, 150}));
  // archives written more than 365 days ago (days aged 374-399), and the leftover of age 100 (its raw day is still there).
  std::set<std::string> archives = ages(374, 399);
  archives.insert(day_aged(100).str());
  CHECK(pruned["archive"] == archives);
  CHECK(pruned["reports"] == ages(366, 399));
  CHECK(pruned["metadata"] == std::set<std::string>{"datasets/c/d.json"});

  const auto& boundary = find(plan, "raw", day_aged(90).str());
  CHECK_FALSE(boundary.prune);
  CHECK(boundary.rule == "90 days old, within raw retention 90d");
  const auto& first = find(plan, "raw", day_aged(91).str());
  CHECK(first.prune);
  CHECK(first.rule == "91 days old, past raw retention 90d, and archive/" + day_aged(91).str() + ".tar.gz is verified");
  CHECK(first.targets == std::vector<std::string>{"raw/" + day_aged(91).str()});
  CHECK(find(plan, "raw", day_aged(150).str()).rule.find("no verified archive exists: run archive --date") != std::string::npos);
  CHECK(find(plan, "raw", day_aged(120).str()).rule.find("predates the day's manifest") != std::string::npos);
  CHECK(find(plan, "raw", day_aged(95).str()).rule.find("not verified in this run") != std::string::npos);
  const std::string oldest = "archive/" + day_aged(399).str() + ".tar.gz";
  CHECK(find(plan, "archive", day_aged(399).str()).targets ==
        std::vector<std::string>{oldest, oldest + ".written.json", oldest + ".sha256"});
  CHECK(find(plan, "archive", day_aged(399).str()).rule == "written 391 days ago, past archive retention 365d");
  CHECK(find(plan, "archive", day_aged(373).str()).rule == "written 365 days ago, within archive retention 365d");
}

TEST_CASE("retention periods from options change the plan; never keeps everything of that area") {
  retention::RetentionPolicy policy;
  policy.raw = 30;
  policy.reports = std::nullopt;
  policy.archive = std::nullopt;
  auto pruned = pruned_by_area(retention::plan_retention(k_today, policy, history()));
  CHECK(pruned["raw"] == ages(31, 300, {95, 100, 120, 150}));
  CHECK(pruned["reports"].empty());
  CHECK(pruned["archive"] == std::set<std::string>{day_aged(100).str()});
}

TEST_CASE("one archive failing verification blocks every deletion of the run") {
  retention::Inventory inventory = history();
  for (auto& entry : inventory.days) {
    if (entry.day == day_aged(200)) entry.archive = ArchiveState::failed;
  }
  const retention::RetentionPlan plan = retention::plan_retention(k_today, {}, inventory);
  CHECK(plan.blocked);
  CHECK(pruned_by_area(plan).empty());
  const auto& failed = find(plan, "raw", day_aged(200).str());
  CHECK(failed.rule.find("its archive failed verification") != std::string::npos);
  const auto& other = find(plan, "raw", day_aged(300).str());
  CHECK_FALSE(other.prune);
  CHECK(other.targets.empty());
  CHECK(other.rule.find("not pruned: an archive failed verification in this run") != std::string::npos);
}

TEST_CASE("only archives that could let a day go are verified; only unarchived old days are archived") {
  retention::Inventory inventory = history();
  for (auto& entry : inventory.days) {
    if (entry.archive == ArchiveState::verified) entry.archive = ArchiveState::present;
  }
  const auto to_verify = retention::days_needing_verification(k_today, {}, inventory);
  CHECK(to_verify.size() == 210 - 3); // ages 91-300 minus leftover 100, stale 120 (not present), none 150
  CHECK(to_verify.front() == day_aged(300));
  CHECK(to_verify.back() == day_aged(91));

  inventory.days.back().archive = ArchiveState::none; // age 0
  for (auto& entry : inventory.days) {
    if (entry.day == day_aged(30)) entry.archive_outdated = true;
  }
  std::vector<std::string> chosen;
  for (const auto& day : retention::days_to_archive(k_today, 7, inventory)) chosen.push_back(day.str());
  CHECK(chosen == std::vector<std::string>{day_aged(150).str(), day_aged(100).str(), day_aged(30).str()});
}

TEST_CASE("an integrity failure elsewhere in the run blocks every prune of a plan") {
  retention::RetentionPlan plan = retention::plan_retention(k_today, {}, history());
  REQUIRE_FALSE(pruned_by_area(plan).empty());
  retention::block_plan(plan, "an archive written in this run failed verification");
  CHECK(plan.blocked);
  CHECK(pruned_by_area(plan).empty());
  CHECK(find(plan, "raw", day_aged(91).str()).rule.ends_with("; not pruned: an archive written in this run failed verification"));
}
