//go:build !linux

package kiosk

import (
	"errors"
	"time"
)

type systemClock struct{ start time.Time }

// SystemClock returns the wall clock; off Linux the time since boot is the
// time since the process started and the clock counts as synced.
func SystemClock() Clock { return &systemClock{start: time.Now()} }

func (c *systemClock) Now() time.Time           { return time.Now() }
func (c *systemClock) SinceBoot() time.Duration { return time.Since(c.start) }
func (c *systemClock) BootID() string           { return "" }
func (c *systemClock) Synced() bool             { return true }

// kernelSynced: off Linux the kernel is not asked.
func kernelSynced() (bool, error) { return false, errors.New("no adjtimex off Linux") }
