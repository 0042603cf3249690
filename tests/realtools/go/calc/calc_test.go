package calc

import "testing"

func TestAdd(t *testing.T) {
	if Add(2, 3) != 5 {
		t.Fatal("2+3 is not 5")
	}
}

func TestAddNegative(t *testing.T) {
	if Add(-2, -3) != -5 {
		t.Fatal("-2+-3 is not -5")
	}
}

func TestSkipped(t *testing.T) {
	t.Skip("not on this machine")
}
