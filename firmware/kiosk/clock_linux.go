package kiosk

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

type systemClock struct {
	once   sync.Once
	bootID string
}

// SystemClock returns the machine's clock: the boot ID from the kernel,
// CLOCK_BOOTTIME for time since boot (it keeps counting through suspend),
// and whether the clock was synced as ClockSync tells it.
func SystemClock() Clock { return &systemClock{} }

func (c *systemClock) Now() time.Time { return time.Now() }

func (c *systemClock) SinceBoot() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

func (c *systemClock) BootID() string {
	c.once.Do(func() {
		b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
		if err == nil {
			c.bootID = strings.TrimSpace(string(b))
		}
	})
	return c.bootID
}

func (c *systemClock) Synced() bool {
	ok, _, _ := ClockSync{}.Check()
	return ok
}

// kernelSynced asks the kernel, read-only (modes 0), whether the clock is
// synced: an NTP daemon clears STA_UNSYNC. Under ProtectClock=yes the call
// is refused (EPERM).
func kernelSynced() (bool, error) {
	var tx unix.Timex
	state, err := unix.Adjtimex(&tx)
	if err != nil {
		return false, fmt.Errorf("adjtimex: %w", err)
	}
	return state != unix.TIME_ERROR && tx.Status&unix.STA_UNSYNC == 0, nil
}
