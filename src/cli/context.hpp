#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/global_options.hpp"
#include "layout/data_root.hpp"
#include "layout/day.hpp"
#include "util/clock.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace fk::cli {

// What a subcommand runs with: options, paths, logger, clock, environment and output stream.
struct Context {
  GlobalOptions globals;
  layout::Layout layout;
  layout::Day day;
  std::unique_ptr<util::Logger> log;
  util::Clock clock;
  util::Environment env;
  std::ostream* out = nullptr;        // command output (stdout)
  std::vector<std::string> arguments; // the command line, for reports (redacted when written)
};

// Build the context from parsed options; a usage error for a bad --date or log setting.
util::Result<Context> make_context(const GlobalOptions& globals, util::Environment env, std::vector<std::string> arguments,
                                   std::ostream& out, std::ostream& err, bool err_is_terminal, util::Clock clock);

} // namespace fk::cli
