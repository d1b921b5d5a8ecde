package firmware

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// DayStart returns the midnight in Vietnam that begins t's day.
func DayStart(t time.Time) time.Time {
	y, m, d := t.In(Vietnam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Vietnam)
}

// OutcomeCount is how many events of one kind had one outcome.
type OutcomeCount struct {
	Kind    EventKind
	Outcome string
	Count   int
}

// DossierCounts counts the distinct dossiers (code references) looked up in
// a period.
type DossierCounts struct {
	Unique int // distinct dossiers looked up, whatever the outcome
	Found  int // of those, the ones the portal answered for
	Online int // of Found, those submitted online (ChannelOnline)

	// Overdue counts, of OverdueKnown, those past their promised date when
	// looked up. OverdueKnown counts the found dossiers whose lookup
	// recorded whether they were overdue: every found lookup does
	// (UsageEvent.Overdue), but lookups kept from before the ledger had the
	// column, and days rolled up from them, did not.
	Overdue, OverdueKnown int
}

// Report is what staff mode shows and `kiosk report` writes for a period
// (DESIGN §4, §10).
type Report struct {
	KioskID  string // filled by the caller that knows it; "" when unknown
	From, To time.Time

	Total    int            // uses of the kiosk (EventKind.IsUse)
	Visits   int            // KindVisit events: someone came up to the kiosk
	Tampers  int            // KindTamper events: the cabinet was opened
	Counts   []OutcomeCount // by kind, then outcome; OutcomeOK first among a kind's outcomes
	Dossiers DossierCounts
	Ratings  map[Rating]int // KindRating events by score; never nil
	Hours    [24]int        // citizens' uses (every use but staff mode) by hour of day in Vietnam

	// PortalObserved is how long the portal's health was known in the
	// period, PortalUp how much of that it was up: each check's answer
	// holds until the next check, for a bounded time.
	PortalObserved, PortalUp time.Duration

	// Unsynced counts the events whose wall time was taken before the
	// clock synced and has not been corrected since: their day and hour
	// may be wrong.
	Unsynced int

	// RolledUpDays counts the days in the period whose raw events were
	// already compacted into daily roll-ups. Their unique dossiers are
	// summed day by day, so a dossier looked up on two such days counts
	// twice; everything else stays exact.
	RolledUpDays int
}

// KindTotal returns the number of events of kind k.
func (r *Report) KindTotal(k EventKind) int {
	n := 0
	for _, c := range r.Counts {
		if c.Kind == k {
			n += c.Count
		}
	}
	return n
}

// Count returns the number of events of kind k with the given outcome.
func (r *Report) Count(k EventKind, outcome string) int {
	for _, c := range r.Counts {
		if c.Kind == k && c.Outcome == outcome {
			return c.Count
		}
	}
	return 0
}

// OnlineShare returns the share of found dossiers that were submitted
// online, and false when no dossier was found.
func (r *Report) OnlineShare() (float64, bool) {
	return share(r.Dossiers.Online, r.Dossiers.Found)
}

// OverdueShare returns the share of found dossiers that were overdue when
// looked up, and false when no lookup recorded it.
func (r *Report) OverdueShare() (float64, bool) {
	return share(r.Dossiers.Overdue, r.Dossiers.OverdueKnown)
}

// PortalUptime returns the share of the observed time the portal was up,
// and false when it was never checked in the period.
func (r *Report) PortalUptime() (float64, bool) {
	if r.PortalObserved <= 0 {
		return 0, false
	}
	return float64(r.PortalUp) / float64(r.PortalObserved), true
}

func share(n, of int) (float64, bool) {
	if of <= 0 {
		return 0, false
	}
	return float64(n) / float64(of), true
}

// SortCounts puts counts in the report's order: kinds as the kiosk lists
// them (lookup, procedure, rating, staff, then others by name), and within
// a kind OutcomeOK first, then the rest by name.
func SortCounts(counts []OutcomeCount) {
	slices.SortFunc(counts, func(a, b OutcomeCount) int {
		if c := cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if (a.Outcome == OutcomeOK) != (b.Outcome == OutcomeOK) {
			if a.Outcome == OutcomeOK {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Outcome, b.Outcome)
	})
}

func kindRank(k EventKind) int {
	switch k {
	case KindLookup:
		return 0
	case KindProcedure:
		return 1
	case KindRating:
		return 2
	case KindStaff:
		return 3
	case KindVisit:
		return 4
	case KindTamper:
		return 5
	}
	return 6
}

// Reporter computes reports from the usage ledger.
type Reporter interface {
	// Report returns the figures for the events with from <= At < to. It
	// returns EINVALID when to is before from.
	Report(ctx context.Context, from, to time.Time) (Report, error)
}

// ReportSink is where staff carry a report away from the kiosk: a USB
// stick (devices/usbstick).
type ReportSink interface {
	// WriteReport writes r as CSV (WriteReportCSV) in a file called name,
	// whole or not at all, and returns where it went. It returns ENOTFOUND
	// when there is nowhere to write (no stick), EUNAVAILABLE when every
	// place refuses the file (read-only, full or failing) and EINTERNAL
	// when the kiosk cannot tell. Messages name no path: a stick's mount
	// point carries its label, which may be a person's name.
	WriteReport(ctx context.Context, name string, r Report) (where string, err error)
}

// UsageTotals counts every event the ledger has kept since it began, raw or
// rolled up, for monotonic counters such as Prometheus's.
type UsageTotals interface {
	Totals(ctx context.Context) ([]OutcomeCount, error)
}

// Dashboard is staff mode's three periods (DESIGN §4).
type Dashboard struct {
	Today, Week, Month Report
}

// DashboardPeriods returns the periods of the dashboard at now: today, the
// last 7 days and the last 30 days, each made of whole days in Vietnam
// and ending at the end of today.
func DashboardPeriods(now time.Time) (today, week, month [2]time.Time) {
	start := DayStart(now)
	end := start.AddDate(0, 0, 1)
	return [2]time.Time{start, end}, [2]time.Time{start.AddDate(0, 0, -6), end},
		[2]time.Time{start.AddDate(0, 0, -29), end}
}

// NewDashboard asks r for the dashboard's three reports at now.
func NewDashboard(ctx context.Context, r Reporter, now time.Time) (Dashboard, error) {
	var d Dashboard
	today, week, month := DashboardPeriods(now)
	for _, p := range []struct {
		dst    *Report
		period [2]time.Time
	}{{&d.Today, today}, {&d.Week, week}, {&d.Month, month}} {
		rep, err := r.Report(ctx, p.period[0], p.period[1])
		if err != nil {
			return Dashboard{}, err
		}
		*p.dst = rep
	}
	return d, nil
}

// ReportDateLayout is how reports name days: `kiosk report --from
// 2024-11-01 --to 2024-11-30`.
const ReportDateLayout = "2006-01-02"

// ParseReportDates turns the inclusive dates of `kiosk report --from --to`
// or /api/v1/usage?from=&to= into the period [from, to) that Report takes:
// from's midnight to the midnight after to, in Vietnam. It returns
// EINVALID, with a message fit to show the user, for a missing or malformed
// date or a period that ends before it starts.
func ParseReportDates(from, to string) (time.Time, time.Time, error) {
	parse := func(name, s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, Errorf(EINVALID, "%s date required (YYYY-MM-DD)", name)
		}
		t, err := time.ParseInLocation(ReportDateLayout, s, Vietnam)
		if err != nil {
			return time.Time{}, Errorf(EINVALID, "%s date %q is not a date of the form YYYY-MM-DD", name, s)
		}
		return t, nil
	}
	f, err := parse("from", from)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	t, err := parse("to", to)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if t.Before(f) {
		return time.Time{}, time.Time{}, Errorf(EINVALID, "to date %s is before from date %s", to, from)
	}
	return f, t.AddDate(0, 0, 1), nil
}
