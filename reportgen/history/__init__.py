"""History: what archived runs say about this one (diffs, flaky tests, timelines, merges)."""
