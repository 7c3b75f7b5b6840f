#pragma once

#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace fk::cli {

// Options of `fetch-kaggle verify`.
struct VerifyOptions {
  bool archives = false; // --archives: check the archives too
  bool strict = false;   // --strict: leftovers of killed runs count as mismatches too
};

// Register `verify` on `app`.
CLI::App* add_verify_command(CLI::App& app, VerifyOptions& options);

// Re-check raw files (and with --archives the archives) against their manifests and checksums;
// report every mismatch and exit 9 if there is one. Reads only: no lock, no run report.
int run_verify(Context& ctx, const VerifyOptions& options);

} // namespace fk::cli
