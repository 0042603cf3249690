# A pass, a failure, a skip, a failing and a passing TODO test; exits 1 for the failure.
use strict;
use warnings;
use Test::More tests => 5;

ok(1, 'adds');
ok(0, 'wrong sum');
SKIP: {
    skip 'no network', 1;
    ok(1, 'fetches');
}
TODO: {
    local $TODO = 'not finished';
    ok(0, 'todo that fails');
}
TODO: {
    local $TODO = 'fixed already';
    ok(1, 'todo that passes');
}
