package firmware

import (
	"context"
	"time"
)

// LedgerAlert names a problem with the usage ledger that staff should see
// (staff mode, the fault LED, /healthz). The empty alert means all is well.
type LedgerAlert string

// Ledger alerts, the most urgent first.
const (
	LedgerAlertNone   LedgerAlert = ""
	LedgerDiskFull    LedgerAlert = "disk_full"    // the disk has no room: events wait in memory
	LedgerReadOnly    LedgerAlert = "read_only"    // the disk refuses writes: events wait in memory
	LedgerCorrupt     LedgerAlert = "corrupt"      // the database is damaged: events wait in memory until a restart recovers it
	LedgerWriteFailed LedgerAlert = "write_failed" // any other write failure: events wait in memory
	LedgerRecovered   LedgerAlert = "recovered"    // at start a damaged database was moved aside and a new one begun
)

// LedgerRecovery says that a damaged database was moved aside at start and
// a new, empty one begun. It stays until staff dismiss it, across restarts.
type LedgerRecovery struct {
	At      time.Time // when the damaged file was moved aside
	MovedTo string    // the file it was moved to; it is kept, not deleted
	Reason  string    // what the integrity check found
}

// LedgerState is how the ledger's writer is doing.
type LedgerState struct {
	// Alert is the writer's current trouble or, when it has none, the
	// recovery staff have not dismissed yet.
	Alert LedgerAlert
	Since time.Time // when the writer's trouble began; zero when it has none
	Err   string    // the last write error, for logs and technicians; "" when none

	Queued   int // events accepted but not yet on disk
	Capacity int // the most events the queue holds; beyond it events are refused
	Dropped  int // events lost since start: refused because the queue was full, or refused by the database

	Recovery *LedgerRecovery // nil unless a recovery awaits staff's dismissal
}

// OK reports whether the ledger writes and has nothing to show staff. It
// stays false after events were lost, until the kiosk restarts, so that
// staff hear of the loss even when the disk recovered since.
func (s LedgerState) OK() bool { return s.Alert == LedgerAlertNone && s.Dropped == 0 }

// LedgerMonitor reports the ledger's state for staff mode, the fault LED,
// the watchdog and the admin endpoint.
type LedgerMonitor interface {
	LedgerState() LedgerState
}

// PortalCheck is one check of the portal's health, kept for the uptime
// figures. Its times are taken like a UsageEvent's, so that a check made
// before the clock synced is corrected with the events.
type PortalCheck struct {
	At          time.Time
	Mono        time.Duration
	BootID      string
	ClockSynced bool
	Up          bool // the portal answered and did not say it was down
	Latency     time.Duration
}

// PortalLog keeps the portal's health checks.
type PortalLog interface {
	// RecordPortalCheck keeps c. It returns EINVALID for a check without a
	// time and EINTERNAL when the disk refuses it.
	RecordPortalCheck(ctx context.Context, c PortalCheck) error
}
