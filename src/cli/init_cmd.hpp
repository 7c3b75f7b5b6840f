#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace fk::cli {

// Options of `fetch-kaggle init` (none beyond the global ones).
struct InitOptions {};

// Register `init` on `app`.
CLI::App* add_init_command(CLI::App& app, InitOptions& options);

// Create the data root's layout idempotently; with --dry-run, list what would be created.
int run_init(Context& ctx, const InitOptions& options);

} // namespace fk::cli
