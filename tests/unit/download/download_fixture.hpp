#pragma once

#include "support/temp_dir.hpp"

#include <filesystem>
#include <string>

namespace fk::download::test {

using fk::test::TempDir;

} // namespace fk::download::test
