package kiosk

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Clock is what a usage event's time stamps come from. A Pi has no battery
// clock, so besides the wall time an event keeps the time since boot and the
// boot's ID, and whether the wall clock had been synced (DESIGN §8).
type Clock interface {
	Now() time.Time
	SinceBoot() time.Duration
	BootID() string
	Synced() bool
}

// DefaultTimesyncFlag is the file systemd-timesyncd creates once it has
// synced the clock (systemd-timesyncd.service(8)); it lives in /run, so it
// is gone after a reboot, until the next sync.
const DefaultTimesyncFlag = "/run/systemd/timesync/synchronized"

// ClockSync tells whether the wall clock has been synced, in ways the
// service's sandbox allows: ProtectClock=yes forbids adjtimex, even to
// read, so the kernel's own flag is only a fallback.
type ClockSync struct {
	// TimesyncFlag is systemd-timesyncd's flag file; "": the default.
	TimesyncFlag string
	// Kernel asks the kernel (adjtimex, read-only) whether an NTP daemon
	// (chrony, ntpd, timesyncd) has synced the clock; nil: the system's
	// (none off Linux).
	Kernel func() (bool, error)
}

// Check reports whether the clock is synced and how that is known. Without
// the flag file, the kernel is asked; when it may not be asked (the
// sandbox), the clock counts as not synced and err says why.
func (c ClockSync) Check() (synced bool, source string, err error) {
	flag := c.TimesyncFlag
	if flag == "" {
		flag = DefaultTimesyncFlag
	}
	_, ferr := os.Stat(flag)
	if ferr == nil {
		return true, "systemd-timesyncd (" + flag + ")", nil
	}
	kernel := c.Kernel
	if kernel == nil {
		kernel = kernelSynced
	}
	ok, kerr := kernel()
	if kerr == nil {
		return ok, "kernel (adjtimex)", nil
	}
	if !errors.Is(ferr, fs.ErrNotExist) {
		return false, "", fmt.Errorf("kiosk: clock sync unknown: %v; %v", ferr, kerr)
	}
	return false, "", fmt.Errorf("kiosk: clock sync unknown: no %s (systemd-timesyncd has not synced), and %v", flag, kerr)
}
