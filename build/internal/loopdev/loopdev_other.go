//go:build !linux

package loopdev

import "testing"

// Attach skips the test: loop devices are Linux's.
func Attach(t testing.TB, file string) string {
	t.Skip("loop devices are Linux only")
	return ""
}
