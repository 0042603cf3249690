package rerun

import (
	"os"
	"path/filepath"
	"testing"
)

// TestParent fails itself on its first run only (a marker file remembers the run), after
// subtests that pass or skip every time: gotestsum reruns the parent with all of them.
func TestParent(t *testing.T) {
	t.Run("passes", func(t *testing.T) {})
	t.Run("skips", func(t *testing.T) { t.Skip("not today") })
	marker := filepath.Join(os.Getenv("RERUN_MARKER_DIR"), "ran")
	if _, err := os.Stat(marker); err != nil {
		_ = os.WriteFile(marker, []byte("1"), 0o644)
		t.Fatal("first run fails")
	}
}

func TestAlwaysFails(t *testing.T) { t.Fatal("broken") }

func TestPlain(t *testing.T) {}
