package ledgersync

import "testing"

func TestFetchSinceCursor(t *testing.T) {
	entries, err := Fetch("ledger-db", 5432, 1200)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no entries")
	}
}

func TestBatchSplitsEvenly(t *testing.T) {
	if got := len(Batch([]string{"a", "b", "c", "d"}, 2)); got != 2 {
		t.Fatalf("got %d batches, want 2", got)
	}
}
