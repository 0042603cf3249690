package broken

import "testing"

func TestHalf(t *testing.T) {
	if Half(4) != 2 {
		t.Fatal("half of 4 is not 2")
	}
}
