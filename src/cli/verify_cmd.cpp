#include "cli/verify_cmd.hpp"

#include "cli/run_scope.hpp"
#include "retention/day_check.hpp"
#include "retention/inventory.hpp"
#include "retention/tree_check.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"

namespace fk::cli {

CLI::App* add_verify_command(CLI::App& app, VerifyOptions& o) {
  CLI::App* command = app.add_subcommand(
      "verify", "Re-check raw files (and archives) against their manifests and checksums, and that every visible "
                "file is complete; exit 9 on any mismatch");
  command->add_flag("--archives", o.archives, "Also check every archive (or the --date day's): checksum file and members");
  command->add_flag("--strict", o.strict, "Also report what killed runs left (temporaries, staging folders, unverified archives)");
  return command;
}

namespace {

// One thing checked and what was found.
struct Checked {
  std::string what; // "raw/20261120" or an archive path
  std::vector<retention::Mismatch> mismatches;
  std::string repair; // the command (or step) that repairs it, when there are mismatches
};

// Quote `text` for a POSIX shell when it holds anything but plain path characters.
std::string shell_quoted(const std::string& text) {
  constexpr std::string_view k_plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@";
  if (!text.empty() && text.find_first_not_of(k_plain) == std::string::npos) return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Return "fetch-kaggle <command> --date D", with --data-root when the root is not the default one.
std::string command_for(const Context& ctx, const std::string& command, const layout::Day& day) {
  std::string line = "fetch-kaggle " + command + " --date " + day.str();
  if (ctx.layout.root() != std::filesystem::path(layout::k_default_data_root)) {
    line += " --data-root " + shell_quoted(ctx.layout.root().string());
  }
  return line;
}

// Say how to repair a damaged raw day: from its archive when it has one, else by downloading it again.
std::string raw_repair(const Context& ctx, const layout::Day& day) {
  const retention::ArchiveFiles files = retention::find_archive(ctx.layout, day);
  if (files.archive && files.checksum) return command_for(ctx, "restore", day) + " --replace";
  std::string refs;
  if (auto manifest = report::read_manifest(ctx.layout.download_manifest(day))) {
    for (const report::ManifestDataset& dataset : manifest->datasets) {
      if (dataset.status == "downloaded") refs += " " + shell_quoted(dataset.ref);
    }
  }
  return command_for(ctx, "download", day) + " --force" + (refs.empty() ? " <the day's datasets>" : refs) +
         " (the day has no archive)";
}

// Say how to repair a damaged archive: archive the day again from raw/ while it is there.
std::string archive_repair(const Context& ctx, const layout::Day& day, bool raw) {
  if (raw) return command_for(ctx, "archive", day) + " (after `verify --date " + day.str() + "` is clean)";
  return "copy archive/" + day.str() + ".* back from a backup: raw/" + day.str() + " was pruned";
}

util::Result<std::vector<Checked>> check_all(Context& ctx, const VerifyOptions& options) {
  std::vector<Checked> checked;
  std::error_code ec;
  if (!std::filesystem::is_directory(ctx.layout.root(), ec)) {
    return util::make_error(util::ErrorKind::not_found, "data root " + ctx.layout.root().string() + " does not exist",
                            "nothing to verify", "point --data-root (or KAGGLE_DATA_ROOT) at the volume");
  }
  const retention::Inventory inventory = retention::scan_inventory(ctx.layout);
  bool found_day = false;
  for (const retention::DayEntry& entry : inventory.days) {
    if (ctx.globals.date && entry.day != ctx.day) continue;
    if (entry.raw) {
      found_day = true;
      auto mismatches = retention::verify_raw_day(ctx.layout, entry.day);
      if (!mismatches) return mismatches.error();
      if (auto manifest = report::read_manifest(ctx.layout.download_manifest(entry.day))) {
        for (retention::Mismatch& m : retention::find_unlisted_files(ctx.layout, entry.day, *manifest))
          mismatches->push_back(std::move(m));
      }
      std::string repair = mismatches->empty() ? std::string() : raw_repair(ctx, entry.day);
      checked.push_back({"raw/" + entry.day.str(), std::move(*mismatches), std::move(repair)});
    }
    if (!options.archives) continue;
    const retention::ArchiveFiles files = retention::find_archive(ctx.layout, entry.day);
    if (!files.archive) continue;
    found_day = true;
    if (!files.checksum) {
      ctx.log->warn("not an archive: no checksum file (an interrupted run's leftover; the next archive run removes it)",
                    {{"path", files.archive->string()}});
      continue;
    }
    auto check = retention::verify_archive(*files.archive, entry.day);
    if (!check) return check.error();
    std::string repair = check->mismatches.empty() ? std::string() : archive_repair(ctx, entry.day, entry.raw);
    checked.push_back({files.archive->string(), std::move(check->mismatches), std::move(repair)});
  }
  if (ctx.globals.date && !found_day) {
    return util::make_error(util::ErrorKind::not_found, "nothing to verify for day " + ctx.day.str(),
                            options.archives ? "neither raw/" + ctx.day.str() + " nor its archive exists"
                                             : "raw/" + ctx.day.str() + " does not exist",
                            options.archives ? "check --date" : "add --archives to check the day's archive");
  }
  // Root-wide invariants (complete JSON and databases, published days whole); a --date run checks one day only.
  if (!ctx.globals.date) checked.push_back({"data root", retention::check_tree(ctx.layout, options.strict), {}});
  return checked;
}

} // namespace

int run_verify(Context& ctx, const VerifyOptions& options) {
  auto checked = check_all(ctx, options);
  if (!checked) return report_failure(ctx, checked.error());
  std::size_t total = 0;
  std::vector<std::string> repairs;
  for (const Checked& c : *checked) {
    total += c.mismatches.size();
    if (!c.repair.empty()) repairs.push_back(c.repair);
    for (const retention::Mismatch& m : c.mismatches) {
      ctx.log->error("stored bytes differ from their manifest", {{"path", m.path}, {"code", m.code}, {"detail", m.detail}});
    }
  }
  if (ctx.globals.json) {
    util::JsonWriter json(*ctx.out);
    json.begin_object().field("ok", total == 0).field("checked", static_cast<std::uint64_t>(checked->size()));
    json.field("mismatch_count", static_cast<std::uint64_t>(total)).key("results").begin_array();
    for (const Checked& c : *checked) {
      json.begin_object().field("what", c.what).field("ok", c.mismatches.empty());
      if (!c.repair.empty()) json.field("repair", c.repair);
      json.key("mismatches").begin_array();
      for (const auto& m : c.mismatches) json.begin_object().field("path", m.path).field("code", m.code).field("detail", m.detail).end_object();
      json.end_array().end_object();
    }
    json.end_array().end_object();
    *ctx.out << "\n";
  } else {
    for (const Checked& c : *checked) {
      *ctx.out << (c.mismatches.empty() ? "ok        " : "MISMATCH  ") << c.what << "\n";
      for (const auto& m : c.mismatches) *ctx.out << "  " << m.code << "  " << m.path << "  " << m.detail << "\n";
      if (!c.repair.empty()) *ctx.out << "  repair: " << c.repair << "\n";
    }
    *ctx.out << checked->size() << " checked, " << total << " mismatch(es)\n";
  }
  if (total == 0) return 0;
  if (ctx.globals.json) ctx.globals.json = false; // the JSON result above already says it; keep stdout one object
  return report_failure(ctx, util::make_error(util::ErrorKind::integrity, std::to_string(total) + " mismatch(es) found",
                                              "stored bytes differ from their manifest or checksum (bit rot or tampering)",
                                              repairs.size() == 1 ? "repair: " + repairs.front()
                                              : repairs.empty()   ? std::string("see the mismatches above")
                                                                  : "run the repair printed under each damaged item above"));
}

} // namespace fk::cli
