// Catch2 sample: a test case with sections (one fails), a passing test, a failing one,
// [!mayfail] and [!shouldfail] tests that fail as allowed, a [!shouldfail] that passes, and
// a unicode name.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

TEST_CASE("sections") {
    int n = 1;
    SECTION("first passes") { REQUIRE(n == 1); }
    SECTION("second fails") { REQUIRE(n == 2); }
    SECTION("third passes") { REQUIRE(n + 1 == 2); }
}

TEST_CASE("adds") { REQUIRE(1 + 1 == 2); }

TEST_CASE("wrong sum") { REQUIRE(2 + 2 == 5); }

TEST_CASE("known bug", "[!mayfail]") { REQUIRE(1 == 2); }

TEST_CASE("must fail", "[!shouldfail]") { REQUIRE(1 == 2); }

TEST_CASE("fixed bug", "[!shouldfail]") { REQUIRE(1 == 1); }

TEST_CASE("ünïcödé ✓") { REQUIRE(true); }
