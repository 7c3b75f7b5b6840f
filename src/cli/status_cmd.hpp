#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace fk::cli {

// Options of `fetch-kaggle status` (none beyond the global ones; --json selects JSON output).
struct StatusOptions {};

// Register `status` on `app`.
CLI::App* add_status_command(CLI::App& app, StatusOptions& options);

// Summarise the data volume: days per area and sizes, latest manifest per dataset, last runs, free space.
int run_status(Context& ctx, const StatusOptions& options);

} // namespace fk::cli
