// doctest sample: a test case with subcases (one fails), a passing test, a failing one, a
// may_fail and a should_fail test that fail as allowed, a should_fail that passes, a skip.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

TEST_CASE("subcases") {
    int n = 1;
    SUBCASE("first passes") { CHECK(n == 1); }
    SUBCASE("second fails") { CHECK(n == 2); }
    SUBCASE("third passes") { CHECK(n + 1 == 2); }
}

TEST_CASE("adds") { CHECK(1 + 1 == 2); }

TEST_CASE("wrong sum") { CHECK(2 + 2 == 5); }

TEST_CASE("known bug" * doctest::may_fail()) { CHECK(1 == 2); }

TEST_CASE("must fail" * doctest::should_fail()) { CHECK(1 == 2); }

TEST_CASE("fixed bug" * doctest::should_fail()) { CHECK(1 == 1); }

TEST_CASE("not today" * doctest::skip()) { CHECK(1 == 2); }

TEST_CASE("ünïcödé ✓") { CHECK(true); }
