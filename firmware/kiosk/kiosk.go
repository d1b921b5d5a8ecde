package kiosk

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/code"
)

// Config is what a Kiosk is built from. Portal, Ledger and HashKey are
// required; the rest have defaults.
type Config struct {
	Portal  firmware.Portal
	Ledger  firmware.Ledger
	HashKey []byte // per-device HMAC key for code references, at least 16 bytes
	PINHash string // bcrypt or argon2id hash of the staff PIN (pinhash.go); "" or a bad one disables staff mode

	// ReceiptHosts are the hosts whose receipt URLs (QR codes) are read
	// for a code; a URL of any other host is refused (code.Parser). None:
	// only bare codes.
	ReceiptHosts []string

	// LookupTimeout bounds a lookup as the citizen sees it, whatever the
	// portal client's own timeouts are (DESIGN §5: 5 s).
	LookupTimeout time.Duration
	// HealthEvery is how often the portal's health is checked while it
	// answers; failures are retried sooner, then less and less often.
	HealthEvery time.Duration

	// Indicators shows the portal and network state on the board's LEDs;
	// nil: no LEDs.
	Indicators firmware.Indicators
	// Buzzer sounds a short tone when a lookup is answered and two when it
	// is refused (DESIGN §2); nil: no buzzer.
	Buzzer Buzzer

	// VisitGap is how long the motion sensor must see nothing before its
	// next movement is a new visit (sensors.go); default DefaultVisitGap.
	VisitGap time.Duration

	// Settings keeps the staff PIN lockout and today's portal uptime
	// across reboots; nil: in memory.
	Settings firmware.Settings

	// Citizen services (cache.go, catalog.go, ratings.go, uptime.go). Every
	// store is optional: nil keeps it in memory, lost at a restart.
	//
	// Cache keeps the last good answer for each code, sealed; CacheTTL is
	// how long an entry may be shown (default DefaultCacheTTL, a day).
	Cache    firmware.DossierCache
	CacheTTL time.Duration
	// Catalog keeps the synced procedure catalog. CatalogSource is the
	// portal's catalog; nil: Portal, when it implements one (portal.Client
	// does). CatalogEvery is how often it is revalidated (default 6 h).
	Catalog       firmware.CatalogStore
	CatalogSource firmware.CatalogSource
	CatalogEvery  time.Duration
	// Ratings queues ratings until RatingSink (nil: Portal, when it
	// implements one) accepted them; RatingEvery is how often the queue is
	// retried while the portal answers (default 1 min).
	Ratings     firmware.RatingQueue
	RatingSink  firmware.RatingSink
	RatingEvery time.Duration
	// Location is the zone "today" is counted in for uptime; nil:
	// firmware.Vietnam.
	Location *time.Location

	// Staff mode (staff.go). Every field is optional: without Reporter the
	// dashboard and the export fail with EINTERNAL, without LedgerState
	// the ledger shows no alert, without Device no parts or readings.
	Reporter    firmware.Reporter
	LedgerState firmware.LedgerMonitor
	Device      firmware.DeviceMonitor
	// KioskID and Version are shown in staff mode; KioskID also names the
	// exported report and fills its kiosk_id column.
	KioskID string
	Version string
	// Export is where staff export a report to (a USB stick:
	// devices/usbstick); nil: the export fails with EINTERNAL.
	Export firmware.ReportSink

	Clock Clock
	Log   *slog.Logger
}

// Buzzer is the board's optional buzzer.
type Buzzer interface {
	Beep(ok bool)
}

// Kiosk is the application: the services behind the citizen screens and
// those behind staff mode, over one small core, and what the board's
// sensors tell it (Motion, Door). Build it with New.
type Kiosk struct {
	*core
	Citizen *Citizen
	Staff   *Staff

	visitMu    sync.Mutex
	moved      bool          // the motion sensor saw movement since start
	lastMotion time.Duration // when, as time since boot
}

// core is what the citizen and staff services share: the checked Config
// (its stores, clock, ledger and log), the code parser, and the usage
// events every service records.
type core struct {
	cfg    Config
	parser code.Parser

	badProcedures atomic.Int64 // procedure codes from the portal not kept in the ledger
}

// New checks cfg and returns a Kiosk.
func New(cfg Config) (*Kiosk, error) {
	switch {
	case cfg.Portal == nil:
		return nil, errors.New("kiosk: no portal")
	case cfg.Ledger == nil:
		return nil, errors.New("kiosk: no ledger")
	case len(cfg.HashKey) < 16:
		return nil, errors.New("kiosk: hash key shorter than 16 bytes")
	}
	if cfg.LookupTimeout <= 0 {
		cfg.LookupTimeout = 5 * time.Second
	}
	if cfg.HealthEvery <= 0 {
		cfg.HealthEvery = time.Minute
	}
	if cfg.VisitGap <= 0 {
		cfg.VisitGap = DefaultVisitGap
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock()
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.PINHash != "" {
		if err := CheckPINHash(cfg.PINHash); err != nil {
			// The kiosk runs on; staff mode says it is not set up.
			cfg.Log.Error("staff mode cannot open: staff_pin_hash is unusable", "err", err)
			cfg.PINHash = ""
		}
	}
	c := &core{cfg: cfg, parser: code.Parser{Hosts: cfg.ReceiptHosts}}
	return &Kiosk{core: c, Citizen: newCitizen(c), Staff: &Staff{core: c}}, nil
}

// CodeRef returns the keyed hash that stands for a normalised code in the
// ledger: equal codes give equal references, so unique dossiers can be
// counted, but the code cannot be read back without the device's key.
func (k *core) CodeRef(normalised string) string {
	m := hmac.New(sha256.New, k.cfg.HashKey)
	m.Write([]byte(normalised))
	return hex.EncodeToString(m.Sum(nil))
}

// maxProcedureCodeLen bounds a procedure code kept in the ledger; the
// national codes ("1.000894.000.00.00.H12") are about 22 characters.
const maxProcedureCodeLen = 32

// validProcedureCode reports whether c looks like a procedure code: 1 to
// maxProcedureCodeLen ASCII letters, digits, '.', '-' or '_'.
func validProcedureCode(c string) bool {
	if len(c) == 0 || len(c) > maxProcedureCodeLen {
		return false
	}
	for i := 0; i < len(c); i++ {
		b := c[i]
		if !('0' <= b && b <= '9' || 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || b == '.' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}

// procedureCode is the portal's procedure code as the ledger may keep it:
// a code that is not one (free text, a name, a very long string) is kept
// as "" and counted, since the portal's text is not ours to vouch for.
func (k *core) procedureCode(c string) string {
	if c == "" || validProcedureCode(c) {
		return c
	}
	n := k.badProcedures.Add(1)
	k.cfg.Log.Warn("a procedure code from the portal is not one; not kept in the ledger", "length", len(c), "count", n)
	return ""
}

func (k *core) event(kind firmware.EventKind, lang string) firmware.UsageEvent {
	c := k.cfg.Clock
	return firmware.UsageEvent{
		Kind:        kind,
		Lang:        lang,
		At:          c.Now(),
		Mono:        c.SinceBoot(),
		BootID:      c.BootID(),
		ClockSynced: c.Synced(),
	}
}

// record appends ev to the ledger. A ledger failure is logged, not shown:
// the citizen still gets the answer, and staff see the alert.
func (k *core) record(ev firmware.UsageEvent) {
	// The ledger gets its own deadline: the citizen's context may already be
	// cancelled, and the event must still be written.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := k.cfg.Ledger.Append(ctx, ev); err != nil {
		k.cfg.Log.Error("ledger append failed", "kind", ev.Kind, "outcome", ev.Outcome, "err", err)
		return
	}
	k.cfg.Log.Info("usage", "kind", ev.Kind, "outcome", ev.Outcome, "status", int(ev.Status),
		"latency_ms", ev.Latency.Milliseconds())
}
