#include "layout/init_plan.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace fk::layout;

TEST_CASE("plan_init lists the missing folders and file, and nothing once executed") {
  const fs::path root = fs::temp_directory_path() / ("fk_test_init_" + std::to_string(::getpid())) / "nested" / "root";
  fs::remove_all(root.parent_path().parent_path());
  const Layout layout(root);
  const InitPlan plan = plan_init(layout);
  CHECK(plan.write_layout_file);
  REQUIRE(plan.dirs_to_create.size() == 7); // root, five areas, staging
  CHECK(plan.dirs_to_create.front() == layout.root());
  CHECK(describe(plan, layout).size() == 8);
  CHECK_FALSE(fs::exists(root)); // planning reads only

  REQUIRE(execute(plan, layout, std::chrono::system_clock::now()).ok());
  for (std::string_view area : k_areas) CHECK(fs::is_directory(layout.area(area)));
  CHECK(fs::is_regular_file(layout.layout_file()));
  CHECK(plan_init(layout).empty());
  CHECK(check_root_writable(layout).ok());
  fs::remove_all(root.parent_path().parent_path());
}

TEST_CASE("check_root_writable names a missing root and the fix") {
  const Layout layout("/nonexistent/fk/root");
  auto status = check_root_writable(layout);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == fk::util::ErrorKind::not_found);
  CHECK(status.error().message().find("/nonexistent/fk/root") != std::string::npos);
  CHECK(status.error().fix.find("fetch-kaggle init") != std::string::npos);
}
