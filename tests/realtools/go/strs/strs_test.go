package strs

import "testing"

func TestShout(t *testing.T) {
	if Shout("hi") != "HI" {
		t.Fatal("hi is not HI")
	}
}

func TestShoutWrong(t *testing.T) {
	if got := Shout("hi"); got != "hi!" {
		t.Errorf("Shout(%q) = %q, want %q", "hi", got, "hi!")
	}
}
