#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace fk::migrate {

// The older layouts migrate knows.
enum class LegacyLayout { fetch_kaggle_job, ingestion_engine };

// Return the name used on the command line ("fetch-kaggle-job", "ingestion-engine").
std::string_view layout_name(LegacyLayout layout);

// Find the layout of the tree at `from`: `requested` is auto|fetch-kaggle-job|ingestion-engine;
// auto looks for kaggle_raw/ (fetch-kaggle-job), then datasets/ or state/tracking_state.json.
util::Result<LegacyLayout> detect_layout(const std::filesystem::path& from, std::string_view requested);

} // namespace fk::migrate
