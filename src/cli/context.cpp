#include "cli/context.hpp"

namespace fk::cli {

util::Result<Context> make_context(const GlobalOptions& globals, util::Environment env, std::vector<std::string> arguments,
                                   std::ostream& out, std::ostream& err, bool err_is_terminal, util::Clock clock) {
  const util::TimePoint now = clock();
  auto day = globals.date ? layout::Day::parse(*globals.date) : util::Result<layout::Day>(layout::Day::from_time(now));
  if (!day) return day.error();
  const auto env_root = env.get("KAGGLE_DATA_ROOT");
  layout::Layout layout(layout::resolve_data_root(globals.data_root, env_root ? env_root->c_str() : nullptr));

  util::LogFormat format = util::LogFormat::text;
  if (globals.log_format == "json" || (globals.log_format == "auto" && !err_is_terminal)) format = util::LogFormat::json;
  util::LogLevel level = util::parse_log_level(globals.log_level).value_or(util::LogLevel::info);
  if (globals.quiet && level < util::LogLevel::warn) level = util::LogLevel::warn;

  Context context{globals, std::move(layout), std::move(*day), std::make_unique<util::Logger>(err, format, level),
                  std::move(clock), std::move(env), &out, std::move(arguments)};
  return context;
}

} // namespace fk::cli
