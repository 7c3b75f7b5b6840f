// Retention never removes the last copy of a day in the run that made it the last copy, and an
// archive's age counts from its written record, not from the day's name (issue 17, item 2).
#include "retention/plan.hpp"

#include <catch2/catch.hpp>

using namespace fk;
using retention::ArchiveState;

namespace {

const layout::Day k_today = layout::Day::parse("20261202").value();

layout::Day day_aged(long age) { return k_today.plus_days(-age); }

// One day aged `age` with raw and processed (when `folders`) and a verified archive written `written` days ago.
retention::Inventory one_day(long age, bool folders, std::optional<long> written) {
  retention::DayEntry entry{day_aged(age), folders, folders, false, ArchiveState::verified, {}, {}, false, {}};
  entry.archive_name = entry.day.str() + ".tar.gz";
  if (written) entry.archive_written = k_today.plus_days(-*written);
  return retention::Inventory{{entry}, {}};
}

const retention::Decision& find(const retention::RetentionPlan& plan, const std::string& area) {
  for (const auto& d : plan.decisions) {
    if (d.area == area) return d;
  }
  FAIL("no decision for " << area);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("a backfilled day archived today keeps its archive while its raw and processed folders go") {
  // `download --date <500 days ago>`, then `archive`: the archive is written (and recorded) today.
  const auto plan = retention::plan_retention(k_today, {}, one_day(500, true, 0));
  CHECK(find(plan, "raw").prune);
  CHECK(find(plan, "processed").prune);
  const auto& archive = find(plan, "archive");
  CHECK_FALSE(archive.prune);
  CHECK(archive.rule == "written 0 days ago, within archive retention 365d");
}

TEST_CASE("a run never prunes both a day's archive and its raw or processed folder") {
  // An archive written 400 days ago of a day whose raw folder is pruned now (raw retention was raised, then lowered).
  auto plan = retention::plan_retention(k_today, {}, one_day(500, true, 400));
  CHECK(find(plan, "raw").prune);
  const auto& kept = find(plan, "archive");
  CHECK_FALSE(kept.prune);
  CHECK(kept.targets.empty());
  CHECK(kept.rule == "written 400 days ago, past archive retention 365d, but raw/" + day_aged(500).str() + " or processed/" +
                         day_aged(500).str() + " is pruned in this run: a run never removes both copies");
  // Only processed pruned in this run (raw kept forever): the archive still stays.
  retention::RetentionPolicy raw_forever;
  raw_forever.raw = std::nullopt;
  plan = retention::plan_retention(k_today, raw_forever, one_day(500, true, 400));
  CHECK_FALSE(find(plan, "raw").prune);
  CHECK(find(plan, "processed").prune);
  CHECK_FALSE(find(plan, "archive").prune);
  // The next run, the folders gone: the archive's own retention applies.
  plan = retention::plan_retention(k_today, {}, one_day(500, false, 400));
  CHECK(find(plan, "archive").prune);
}

TEST_CASE("an archive's age counts from its written record, not from the day's name") {
  for (const long day_age : {30L, 400L, 5000L}) {
    auto plan = retention::plan_retention(k_today, {}, one_day(day_age, false, 365));
    CHECK_FALSE(find(plan, "archive").prune);
    plan = retention::plan_retention(k_today, {}, one_day(day_age, false, 366));
    CHECK(find(plan, "archive").prune);
    CHECK(find(plan, "archive").rule == "written 366 days ago, past archive retention 365d");
  }
  retention::RetentionPolicy forever;
  forever.archive = std::nullopt;
  CHECK_FALSE(find(retention::plan_retention(k_today, forever, one_day(400, false, 5000)), "archive").prune);
}

TEST_CASE("an older version's archive without a record counts from the run that first sees it") {
  retention::RetentionPolicy short_keep;
  short_keep.archive = 0;
  const auto plan = retention::plan_retention(k_today, short_keep, one_day(5000, false, std::nullopt));
  const auto& archive = find(plan, "archive");
  CHECK_FALSE(archive.prune);
  CHECK(archive.rule == "no record of when it was written (an older version's archive): its age counts from this run, "
                        "within archive retention 0d");
}

TEST_CASE("a dry run plans what archiving in the real run changes") {
  retention::Inventory inventory = one_day(500, true, std::nullopt);
  inventory.days.front().archive = ArchiveState::none;
  inventory.days.front().archive_name.clear();
  // Without the archive the run would write, nothing may go.
  auto plan = retention::plan_retention(k_today, {}, inventory);
  CHECK_FALSE(find(plan, "raw").prune);
  retention::assume_archived(inventory, {day_aged(500)}, k_today, "tar.zst");
  plan = retention::plan_retention(k_today, {}, inventory);
  CHECK(find(plan, "raw").prune);
  CHECK(find(plan, "raw").rule ==
        "500 days old, past raw retention 90d, and archive/" + day_aged(500).str() + ".tar.zst is written and verified in this run");
  CHECK(find(plan, "processed").prune);
  CHECK_FALSE(find(plan, "archive").prune);
  CHECK(find(plan, "archive").rule == "written 0 days ago, within archive retention 365d");
}
