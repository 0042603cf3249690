# Dies after its first test: a dubious exit and a bad plan (3 planned, 1 ran).
use strict;
use warnings;
use Test::More tests => 3;

ok(1, 'first');
die "boom\n";
