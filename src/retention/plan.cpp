#include "retention/plan.hpp"

#include "retention/archive_record.hpp"

#include <algorithm>

namespace fk::retention {

namespace fs = std::filesystem;

namespace {

long age_of(const layout::Day& today, const layout::Day& day) { return today.days_since_epoch() - day.days_since_epoch(); }

bool past(const std::optional<long>& keep, long age) { return keep && age > *keep; }

std::string age_text(long age) {
  return age < 0 ? "dated " + std::to_string(-age) + " days in the future" : std::to_string(age) + " days old";
}

std::string within(std::string_view area, const std::optional<long>& keep, long age) {
  if (!keep) return std::string(area) + " kept forever (retention never)";
  return age_text(age) + ", within " + std::string(area) + " retention " + keep_text(keep);
}

// Decide a raw or processed day past retention: only a verified archive lets it go.
Decision decide_archived_area(std::string_view area, const DayEntry& entry, const std::optional<long>& keep, long age) {
  const std::string head = age_text(age) + ", past " + std::string(area) + " retention " + keep_text(keep);
  const std::string day = entry.day.str();
  switch (entry.archive) {
  case ArchiveState::verified:
    return {std::string(area), day, true, head + ", and archive/" + entry.archive_name + " is verified",
            {std::string(area) + "/" + day}};
  case ArchiveState::planned:
    return {std::string(area), day, true,
            head + ", and archive/" + entry.archive_name + " is written and verified in this run",
            {std::string(area) + "/" + day}};
  case ArchiveState::failed:
    return {std::string(area), day, false, head + ", but its archive failed verification", {}};
  case ArchiveState::stale:
    return {std::string(area), day, false,
            head + ", but its archive predates the day's manifest: run archive --date " + day, {}};
  case ArchiveState::present:
    return {std::string(area), day, false, head + ", but its archive was not verified in this run", {}};
  case ArchiveState::none:
  case ArchiveState::leftover:
    break;
  }
  return {std::string(area), day, false, head + ", but no verified archive exists: run archive --date " + day, {}};
}

// Decide an archive: its age counts from its written record (no record: from today), and it is
// never pruned in the run that prunes its day's raw or processed folder (`day_pruned`).
Decision decide_archive(const DayEntry& entry, const std::optional<long>& keep, const layout::Day& today,
                        bool day_pruned) {
  const std::string day = entry.day.str();
  const std::string archive = "archive/" + entry.archive_name;
  if (entry.archive == ArchiveState::leftover) {
    if (entry.raw) {
      return {"archive", day, true, entry.archive_name + " has no checksum file: an interrupted run's leftover (raw/" + day +
                                        " still holds the day)", {archive, record_path(archive).string()}};
    }
    return {"archive", day, false, entry.archive_name + " has no checksum file and there is no raw day: kept for a person to inspect", {}};
  }
  if (entry.archive == ArchiveState::none) {
    const std::string orphan = "archive/" + entry.orphan_checksum;
    const std::string record = record_path(fs::path(orphan).replace_extension()).string(); // D.tar.gz.sha256 -> D.tar.gz
    return {"archive", day, true, entry.orphan_checksum + " without its archive: a leftover", {orphan, record}};
  }
  const long age = age_of(today, entry.archive_written.value_or(today));
  const std::string written = entry.archive_written
                                  ? "written " + (age < 0 ? "in the future (" + entry.archive_written->str() + ")"
                                                          : std::to_string(age) + " days ago")
                                  : "no record of when it was written (an older version's archive): "
                                    "its age counts from this run";
  if (!past(keep, age)) {
    if (!keep) return {"archive", day, false, "archive kept forever (retention never)", {}};
    return {"archive", day, false, written + ", within archive retention " + keep_text(keep), {}};
  }
  const std::string head = written + ", past archive retention " + keep_text(keep);
  if (day_pruned) {
    return {"archive", day, false,
            head + ", but raw/" + day + " or processed/" + day + " is pruned in this run: a run never removes both copies", {}};
  }
  // The archive first: a run killed after it leaves a checksum file without archive, a leftover the next run removes.
  return {"archive", day, true, head, {archive, record_path(archive).string(), archive + ".sha256"}};
}

} // namespace

std::vector<layout::Day> days_needing_verification(const layout::Day& today, const RetentionPolicy& policy,
                                                   const Inventory& inventory) {
  std::vector<layout::Day> days;
  for (const DayEntry& entry : inventory.days) {
    const long age = age_of(today, entry.day);
    const bool candidate = (entry.raw && past(policy.raw, age)) || (entry.processed && past(policy.processed, age));
    if (candidate && entry.archive == ArchiveState::present) days.push_back(entry.day);
  }
  return days;
}

std::vector<layout::Day> days_to_archive(const layout::Day& today, long older_than, const Inventory& inventory) {
  std::vector<layout::Day> days;
  for (const DayEntry& entry : inventory.days) {
    if (!entry.raw || age_of(today, entry.day) <= older_than) continue;
    const bool archived = entry.archive != ArchiveState::none && entry.archive != ArchiveState::leftover;
    if (!archived || entry.archive_outdated) days.push_back(entry.day);
  }
  return days;
}

void assume_archived(Inventory& inventory, const std::vector<layout::Day>& days, const layout::Day& today,
                     std::string_view format) {
  for (DayEntry& entry : inventory.days) {
    if (std::find(days.begin(), days.end(), entry.day) == days.end() || !entry.raw) continue;
    entry.archive = ArchiveState::planned;
    entry.archive_name = entry.day.str() + "." + std::string(format);
    entry.orphan_checksum.clear();
    entry.archive_outdated = false;
    entry.archive_written = today;
  }
}

RetentionPlan plan_retention(const layout::Day& today, const RetentionPolicy& policy, const Inventory& inventory) {
  RetentionPlan plan;
  std::vector<Decision> raw, processed, archive, reports, metadata;
  for (const DayEntry& entry : inventory.days) {
    const long age = age_of(today, entry.day);
    const std::string day = entry.day.str();
    if (entry.archive == ArchiveState::failed) plan.blocked = true;
    bool day_pruned = false;
    if (entry.raw) {
      raw.push_back(past(policy.raw, age) ? decide_archived_area("raw", entry, policy.raw, age)
                                          : Decision{"raw", day, false, within("raw", policy.raw, age), {}});
      day_pruned = raw.back().prune;
    }
    if (entry.processed) {
      processed.push_back(past(policy.processed, age)
                              ? decide_archived_area("processed", entry, policy.processed, age)
                              : Decision{"processed", day, false, within("processed", policy.processed, age), {}});
      day_pruned = day_pruned || processed.back().prune;
    }
    if (entry.archive != ArchiveState::none || !entry.orphan_checksum.empty()) {
      archive.push_back(decide_archive(entry, policy.archive, today, day_pruned));
    }
    if (entry.reports) {
      reports.push_back(past(policy.reports, age)
                            ? Decision{"reports", day, true, age_text(age) + ", past reports retention " + keep_text(policy.reports),
                                       {"reports/" + day}}
                            : Decision{"reports", day, false, within("reports", policy.reports, age), {}});
    }
  }
  for (const MetadataEntry& entry : inventory.metadata) {
    const long age = age_of(today, entry.day);
    metadata.push_back(past(policy.metadata, age)
                           ? Decision{"metadata", entry.path, true,
                                      "last written " + std::to_string(age) + " days ago, past metadata retention " +
                                          keep_text(policy.metadata),
                                      {"metadata/" + entry.path}}
                           : Decision{"metadata", entry.path, false, within("metadata", policy.metadata, age), {}});
  }
  for (auto* area : {&raw, &processed, &archive, &reports, &metadata}) {
    for (Decision& decision : *area) plan.decisions.push_back(std::move(decision));
  }
  if (plan.blocked) block_plan(plan, "an archive failed verification in this run, so nothing is deleted");
  return plan;
}

void block_plan(RetentionPlan& plan, const std::string& reason) {
  plan.blocked = true;
  for (Decision& decision : plan.decisions) {
    if (!decision.prune) continue;
    decision.prune = false;
    decision.targets.clear();
    decision.rule += "; not pruned: " + reason;
  }
}

} // namespace fk::retention
