#pragma once

#include "cli/context.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace fk::cli {

// Options of `fetch-kaggle restore`.
struct RestoreOptions {
  std::optional<std::string> to; // --to DIR: a folder laid out like a data root (default: the data root)
  bool replace = false;          // --replace: swap a differing raw/D for the archive's verified copy
};

// Register `restore` on `app`.
CLI::App* add_restore_command(CLI::App& app, RestoreOptions& options);

// Extract archive/<day> back into raw/<day> (and processed/<day> when absent), verified and atomic.
int run_restore(Context& ctx, const RestoreOptions& options);

} // namespace fk::cli
