package firmware

import (
	"context"
	"slices"
	"time"
)

// EventKind is what a citizen or staff member did.
type EventKind string

// Event kinds.
const (
	KindLookup    EventKind = "lookup"
	KindProcedure EventKind = "procedure"
	KindRating    EventKind = "rating"
	KindStaff     EventKind = "staff"
	// KindVisit is someone coming up to the kiosk: the motion sensor saw
	// movement after a quiet spell (DESIGN §2).
	KindVisit EventKind = "visit"
	// KindTamper is the cabinet being opened: the door switch (DESIGN §2).
	KindTamper EventKind = "tamper"
)

// Kinds lists every known kind.
var Kinds = []EventKind{KindLookup, KindProcedure, KindRating, KindStaff, KindVisit, KindTamper}

// Valid reports whether k is a known kind.
func (k EventKind) Valid() bool { return slices.Contains(Kinds, k) }

// IsUse reports whether events of kind k are uses of the kiosk, which a
// Report's Total counts. The sensors' events (visits, the cabinet opened)
// are counted apart.
func (k EventKind) IsUse() bool { return k != KindVisit && k != KindTamper }

// InBusyHours reports whether events of kind k count in a Report's Hours:
// citizens' uses, not staff mode.
func (k EventKind) InBusyHours() bool { return k != KindStaff && k.IsUse() }

// OutcomeOK is the outcome of an event that went as asked. Any other outcome
// is one of the error codes (ENOTFOUND, EUNAVAILABLE, …).
const OutcomeOK = "ok"

// UsageEvent is one line of the usage ledger. It records what happened, never
// who (DESIGN §8): CodeRef is a keyed hash of a dossier code, never the code.
type UsageEvent struct {
	ID          int64
	Kind        EventKind
	Outcome     string
	Status      Status // 0 when no dossier was shown
	Procedure   string // procedure code, "" when none
	Channel     Channel
	Lang        string
	CodeRef     string // hex HMAC-SHA256 of the normalised code, "" when none
	Overdue     bool   // a found dossier was open past its promised date (lookups only)
	Latency     time.Duration
	At          time.Time     // wall clock
	Mono        time.Duration // monotonic time since boot
	BootID      string
	ClockSynced bool // false: At was taken before the clock was synced
}

// Validate refuses an event that lacks its kind or outcome, or whose CodeRef
// is not a 64-digit hex hash (a plain code must never be written).
func (e *UsageEvent) Validate() error {
	switch {
	case !e.Kind.Valid():
		return Errorf(EINVALID, "usage: unknown kind %q", e.Kind)
	case e.Outcome == "":
		return Errorf(EINVALID, "usage: outcome required")
	case e.Status != 0 && !e.Status.Valid():
		return Errorf(EINVALID, "usage: status %d out of range", int(e.Status))
	case e.Channel != "" && !e.Channel.Valid():
		return Errorf(EINVALID, "usage: unknown channel %q", e.Channel)
	case e.Latency < 0 || e.Mono < 0:
		return Errorf(EINVALID, "usage: negative duration")
	case e.CodeRef != "" && !isHexRef(e.CodeRef):
		return Errorf(EINVALID, "usage: code ref is not a keyed hash")
	case e.At.IsZero():
		return Errorf(EINVALID, "usage: time required")
	}
	return nil
}

func isHexRef(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Ledger is the usage ledger.
type Ledger interface {
	// Append records e. It returns EINVALID for an event that fails
	// Validate and EINTERNAL when the disk refuses it.
	Append(ctx context.Context, e UsageEvent) error
}

// Portal is the province's portal as contract v1 describes it (DESIGN §5).
type Portal interface {
	// Health returns the portal's own word on its state. Failures are
	// EUNAVAILABLE, ETIMEOUT, EUNAUTHORIZED, ERATELIMITED or EBADANSWER.
	Health(ctx context.Context) (*Health, error)

	// Lookup returns the dossier with the given normalised code. secret is
	// the receipt's secret code, "" when none was asked for. Besides the
	// failures of Health it returns ENOTFOUND, ESECRETREQUIRED and
	// ESECRETMISMATCH.
	Lookup(ctx context.Context, code, secret string) (*Dossier, error)
}
