package kiosk

import "time"

// Clock is what a usage event's time stamps come from. A Pi has no battery
// clock, so besides the wall time an event keeps the time since boot and the
// boot's ID, and whether the wall clock had been synced (DESIGN §8).
type Clock interface {
	Now() time.Time
	SinceBoot() time.Duration
	BootID() string
	Synced() bool
}
