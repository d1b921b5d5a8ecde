package main

import (
	"io"
	"testing"
)

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-addr", "nope"}, {"extra"}} {
		if err := command.Run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("Run(%q) succeeded", args)
		}
	}
}
