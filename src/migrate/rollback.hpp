#pragma once

#include "layout/data_root.hpp"
#include "migrate/report.hpp"

#include <functional>
#include <string>

namespace fk::migrate {

// Undo the migration `report` describes (a finished report or the journal of a killed run): put
// moved sources back (copied, then checked by sha256), remove the copies and their manifest
// entries and download-state entries. A target whose bytes changed since the migration is left in
// place (status `kept`). Item statuses: removed | restored | kept | failed | untouched.
MigrationOutcome rollback_migration(const MigrationReport& report, const layout::Layout& layout, const std::string& now,
                                    const std::string& run_id, const std::function<void(const ItemOutcome&)>& on_item);

} // namespace fk::migrate
