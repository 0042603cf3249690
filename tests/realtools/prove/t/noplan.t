# Never declares a plan: prove reports a parse error.
use strict;
use warnings;
use Test::More;

ok(1, 'only one');
