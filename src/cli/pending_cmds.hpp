#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace fk::cli {

// Register a subcommand whose issue has not landed yet; it accepts any arguments.
CLI::App* add_pending_command(CLI::App& app, const std::string& name, const std::string& description);

// Answer "not implemented yet" with its own exit code (11), writing nothing.
int run_pending(Context& ctx, const std::string& name);

} // namespace fk::cli
