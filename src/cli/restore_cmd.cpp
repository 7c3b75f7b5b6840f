#include "cli/restore_cmd.hpp"

#include "cli/run_scope.hpp"
#include "retention/day_check.hpp"
#include "retention/restore.hpp"
#include "util/fs.hpp"
#include "util/json_writer.hpp"

namespace fk::cli {

CLI::App* add_restore_command(CLI::App& app, RestoreOptions& o) {
  CLI::App* command = app.add_subcommand(
      "restore", "Extract archive/YYYYMMDD back into raw/YYYYMMDD (needs --date), verified against its manifest");
  command->add_option("--to", o.to, "Restore below this folder (as DIR/raw/YYYYMMDD) instead of the data root");
  command->add_flag("--replace", o.replace,
                    "Repair: swap a raw/YYYYMMDD that differs from the archive (bit rot) for the archive's verified copy");
  return command;
}

int run_restore(Context& ctx, const RestoreOptions& options) {
  if (!ctx.globals.date) {
    return report_failure(ctx, util::make_error(util::ErrorKind::usage, "restore needs --date", "",
                                                "e.g. fetch-kaggle restore --date 20241231"));
  }
  const std::optional<std::filesystem::path> to =
      options.to ? std::optional<std::filesystem::path>(*options.to) : std::nullopt;
  return run_writing_command(ctx, "restore", [&](RunScope& scope) {
    CommandResult result;
    if (ctx.globals.dry_run) {
      result.changed = false;
      const retention::ArchiveFiles files = retention::find_archive(ctx.layout, ctx.day);
      if (!files.archive) {
        result.failure = util::make_error(util::ErrorKind::not_found, "cannot restore day " + ctx.day.str(),
                                          "it has no archive", "check --date");
        return result;
      }
      const auto dest = (to ? std::filesystem::absolute(*to) : ctx.layout.root()) / "raw" / ctx.day.str();
      std::error_code ec;
      const bool replacing = options.replace && std::filesystem::exists(dest, ec);
      *ctx.out << "restore  " << files.archive->string() << "  -> " << dest.string()
               << (replacing ? "  (replacing it if it differs)" : "") << "\n";
      return result;
    }
    auto outcome = retention::restore_day(ctx.layout, ctx.day, to, scope.run_id, options.replace);
    if (!outcome) {
      result.failure = outcome.error();
      return result;
    }
    result.changed = !outcome->already_present || outcome->processed_restored;
    result.counts = {{"files", static_cast<std::int64_t>(outcome->files)}, {"bytes", static_cast<std::int64_t>(outcome->bytes)}};
    if (ctx.globals.json) {
      util::JsonWriter json(*ctx.out);
      json.begin_object().field("ok", true).field("day", ctx.day.str()).field("archive", outcome->archive.string());
      json.field("raw_day", outcome->raw_day.string()).field("already_present", outcome->already_present);
      json.field("replaced", outcome->replaced);
      json.field("processed_restored", outcome->processed_restored).field("files", outcome->files).field("bytes", outcome->bytes);
      json.end_object();
      *ctx.out << "\n";
    } else {
      *ctx.out << (outcome->already_present ? "already present, identical  "
                   : outcome->replaced        ? "replaced  "
                                              : "restored  ")
               << outcome->raw_day.string()
               << "  " << outcome->files << " files  " << util::human_bytes(outcome->bytes) << "  verified\n";
    }
    return result;
  });
}

} // namespace fk::cli
