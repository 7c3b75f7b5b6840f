#include "load/pg_connection.hpp"

#include <catch2/catch.hpp>

using namespace fk;

TEST_CASE("a database URL is shown without its password") {
  auto target = load::parse_database_url("postgresql://fk:s%40cret@db.example:6543/warehouse?sslmode=prefer");
  REQUIRE(target.ok());
  CHECK(target->display == "postgresql://fk@db.example:6543/warehouse");
  CHECK(target->password == "s@cret");
  CHECK(target->password_in_url == "s%40cret");
  auto bare = load::parse_database_url("postgres://localhost/db");
  REQUIRE(bare.ok());
  CHECK(bare->display == "postgresql://localhost/db");
  CHECK(bare->password.empty());
}

TEST_CASE("URLs that could leak or are not PostgreSQL are usage errors") {
  auto query_password = load::parse_database_url("postgresql://fk@host/db?password=hunter22");
  REQUIRE_FALSE(query_password.ok());
  CHECK(query_password.error().kind == util::ErrorKind::usage);
  CHECK(query_password.error().message().find("hunter22") == std::string::npos);
  auto keywords = load::parse_database_url("host=x password=hunter22");
  REQUIRE_FALSE(keywords.ok());
  CHECK(keywords.error().message().find("hunter22") == std::string::npos);
  CHECK_FALSE(load::parse_database_url("mysql://u:p@h/db").ok());
  CHECK_FALSE(load::parse_database_url("postgresql://u:p@h:notaport/db?bogus=1").ok());
}

TEST_CASE("connection failures map to exit-code kinds") {
  using util::ErrorKind;
  CHECK(load::classify_connect_failure("connection to server at \"127.0.0.1\", port 1 failed: Connection refused") ==
        ErrorKind::temporary);
  CHECK(load::classify_connect_failure("could not translate host name \"nohost\" to address") == ErrorKind::temporary);
  CHECK(load::classify_connect_failure("FATAL:  password authentication failed for user \"fk\"") ==
        ErrorKind::permission);
  CHECK(load::classify_connect_failure("fe_sendauth: no password supplied") == ErrorKind::permission);
  CHECK(load::classify_connect_failure("FATAL:  role \"x\" does not exist") == ErrorKind::permission);
  CHECK(load::classify_connect_failure("FATAL:  database \"nodb\" does not exist") == ErrorKind::not_found);
  CHECK(load::classify_connect_failure("FATAL:  sorry, too many clients already") == ErrorKind::temporary);
}

TEST_CASE("SQLSTATEs map to error kinds") {
  using util::ErrorKind;
  CHECK(load::classify_sqlstate("08006") == ErrorKind::temporary);
  CHECK(load::classify_sqlstate("40P01") == ErrorKind::temporary);
  CHECK(load::classify_sqlstate("53100") == ErrorKind::no_space);
  CHECK(load::classify_sqlstate("42501") == ErrorKind::permission);
  CHECK(load::classify_sqlstate("22P02") == ErrorKind::internal);
}
