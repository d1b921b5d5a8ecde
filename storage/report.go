package storage

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
)

var (
	_ firmware.Reporter    = (*Ledger)(nil)
	_ firmware.UsageTotals = (*Ledger)(nil)
	_ firmware.PortalLog   = (*Ledger)(nil)
)

// zoneOffsetMs is firmware.Vietnam's offset from UTC. Reports count
// days and hours in SQL, so the offset is written into the queries; a test
// checks it against the zone.
const zoneOffsetMs = 7 * 60 * 60 * 1000

// sqlLocal writes the local-time expressions into a query: {day} is a row's
// local date (YYYY-MM-DD), {hour} its local hour, {dayend} the millisecond
// its local day ends.
var sqlLocal = func() func(string) string {
	local := "(at_unix_ms + " + strconv.Itoa(zoneOffsetMs) + ")"
	return strings.NewReplacer(
		"{day}", "date("+local+" / 1000, 'unixepoch')",
		"{hour}", "("+local+" / 3600000 % 24)",
		"{dayend}", "(("+local+" / 86400000 + 1) * 86400000 - "+strconv.Itoa(zoneOffsetMs)+")",
	).Replace
}()

// eachRow hands each row of a query to scan and closes the rows.
func eachRow(rows *sql.Rows, err error, scan func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PortalCheckHold is the longest a portal check's answer stands for: until
// the next check, but no longer than this, nor past the end of its day. The
// kiosk checks every minute while the portal answers and at most every five
// minutes while it does not; a longer silence means the kiosk was off, and
// is not counted as observed. Checks closer than this with the same answer
// are kept as one run.
const PortalCheckHold = 15 * time.Minute

// period is a report's period as the two kinds of table see it: raw rows
// by time, roll-ups by day. A rolled-up day counts wholly when its midnight
// lies in [from, to), so periods of whole days are exact.
type period struct {
	lo, hi       int64  // raw rows: lo <= at_unix_ms < hi
	dayLo, dayHi string // roll-ups: dayLo <= day < dayHi
}

func newPeriod(from, to time.Time) period {
	return period{
		lo: from.UnixMilli(), hi: to.UnixMilli(),
		dayLo: dayKey(nextMidnight(from)), dayHi: dayKey(nextMidnight(to)),
	}
}

// nextMidnight returns t when it is a local midnight, else the next one.
func nextMidnight(t time.Time) time.Time {
	d := firmware.DayStart(t)
	if d.Before(t) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func dayKey(t time.Time) string { return t.In(firmware.Vietnam).Format(firmware.ReportDateLayout) }

// tally is a period's counts by kind and outcome, by hour, and of
// dossiers, from raw events and roll-ups alike.
type tally struct {
	counts   map[firmware.OutcomeCount]int // Count field zero: a key
	hours    [24]int
	unsynced int
	dossiers firmware.DossierCounts
	rolled   int
}

func (t *tally) add(kind, outcome string, n int) {
	t.counts[firmware.OutcomeCount{Kind: firmware.EventKind(kind), Outcome: outcome}] += n
}

// dossierFlags are, for a group of one dossier's lookups, whether any of
// them found it, found it submitted online, found it overdue, or found it
// and recorded whether it was overdue (every found lookup does; rows from
// before migration 0003 have NULL there). dossierSums counts those groups
// as the fields of DossierCounts, in their order.
const (
	dossierFlags = `MAX(outcome = 'ok') AS found,
		MAX(outcome = 'ok' AND channel = 'truc_tuyen') AS online,
		MAX(outcome = 'ok' AND overdue = 1) AS overdue,
		MAX(outcome = 'ok' AND overdue IS NOT NULL) AS overdue_known`
	dossierSums = `COUNT(*) AS n, COALESCE(SUM(found), 0) AS found, COALESCE(SUM(online), 0) AS online,
		COALESCE(SUM(overdue), 0) AS overdue, COALESCE(SUM(overdue_known), 0) AS overdue_known`
)

func tallyPeriod(ctx context.Context, tx *sql.Tx, p period) (*tally, error) {
	t := &tally{counts: map[firmware.OutcomeCount]int{}}

	// One pass over the period's raw rows gives counts and hours.
	rows, err := tx.QueryContext(ctx, sqlLocal(`
		SELECT kind, outcome, {hour}, COUNT(*), SUM(clock_synced = 0)
		FROM usage_events WHERE at_unix_ms >= ? AND at_unix_ms < ?
		GROUP BY 1, 2, 3`), p.lo, p.hi)
	if err := eachRow(rows, err, func(rows *sql.Rows) error {
		var kind, outcome string
		var hour, n, unsynced int
		if err := rows.Scan(&kind, &outcome, &hour, &n, &unsynced); err != nil {
			return err
		}
		t.add(kind, outcome, n)
		t.unsynced += unsynced
		if firmware.EventKind(kind).InBusyHours() && hour >= 0 && hour < 24 {
			t.hours[hour] += n
		}
		return nil
	}); err != nil {
		return nil, err
	}

	if p.dayLo < p.dayHi {
		if err := t.addRolled(ctx, tx, p); err != nil {
			return nil, err
		}
	}

	// A dossier looked up several times counts once; it was found, online
	// or overdue when any lookup that found it said so, so a dossier seen
	// overdue once stays overdue in the period even if it was closed later.
	var d firmware.DossierCounts
	if err := tx.QueryRowContext(ctx, `SELECT `+dossierSums+` FROM (
		SELECT code_ref, `+dossierFlags+` FROM usage_events
		WHERE kind = 'lookup' AND at_unix_ms >= ? AND at_unix_ms < ? AND code_ref <> ''
		GROUP BY code_ref)`, p.lo, p.hi).Scan(&d.Unique, &d.Found, &d.Online, &d.Overdue, &d.OverdueKnown); err != nil {
		return nil, err
	}
	t.dossiers.Unique += d.Unique
	t.dossiers.Found += d.Found
	t.dossiers.Online += d.Online
	t.dossiers.Overdue += d.Overdue
	t.dossiers.OverdueKnown += d.OverdueKnown
	return t, nil
}

// addRolled adds the period's roll-ups.
func (t *tally) addRolled(ctx context.Context, tx *sql.Tx, p period) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT kind, outcome, SUM(events), SUM(unsynced) FROM usage_daily
		WHERE day >= ? AND day < ? GROUP BY kind, outcome`, p.dayLo, p.dayHi)
	if err := eachRow(rows, err, func(rows *sql.Rows) error {
		var kind, outcome string
		var n, unsynced int
		if err := rows.Scan(&kind, &outcome, &n, &unsynced); err != nil {
			return err
		}
		t.add(kind, outcome, n)
		t.unsynced += unsynced
		return nil
	}); err != nil {
		return err
	}

	rows, err = tx.QueryContext(ctx, `
		SELECT hour, SUM(events) FROM usage_daily_hours
		WHERE day >= ? AND day < ? GROUP BY hour`, p.dayLo, p.dayHi)
	if err := eachRow(rows, err, func(rows *sql.Rows) error {
		var hour, n int
		if err := rows.Scan(&hour, &n); err != nil {
			return err
		}
		if hour >= 0 && hour < 24 {
			t.hours[hour] += n
		}
		return nil
	}); err != nil {
		return err
	}

	d := &t.dossiers
	return tx.QueryRowContext(ctx, `
		SELECT COUNT(*), COALESCE(SUM(dossiers_unique), 0), COALESCE(SUM(dossiers_found), 0),
			COALESCE(SUM(dossiers_online), 0), COALESCE(SUM(dossiers_overdue), 0), COALESCE(SUM(overdue_known), 0)
		FROM usage_daily_totals WHERE day >= ? AND day < ?`, p.dayLo, p.dayHi).
		Scan(&t.rolled, &d.Unique, &d.Found, &d.Online, &d.Overdue, &d.OverdueKnown)
}

// Report returns the staff report for the events with from <= At < to:
// counts by kind and outcome, dossiers, ratings, busy hours and portal
// uptime (see firmware.Report). Days already compacted count from their
// roll-ups when their local midnight lies in the period. It returns
// EINVALID when to is before from.
func (l *Ledger) Report(ctx context.Context, from, to time.Time) (firmware.Report, error) {
	r := firmware.Report{From: from, To: to, Ratings: map[firmware.Rating]int{}}
	if to.Before(from) {
		return r, firmware.Errorf(firmware.EINVALID, "storage: period ends before it starts")
	}
	tx, err := l.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return r, diskError("report", err)
	}
	defer tx.Rollback()

	p := newPeriod(from, to)
	t, err := tallyPeriod(ctx, tx, p)
	if err != nil {
		return r, diskError("report", err)
	}
	r.Counts = make([]firmware.OutcomeCount, 0, len(t.counts))
	for k, n := range t.counts {
		k.Count = n
		r.Counts = append(r.Counts, k)
		switch k.Kind {
		case firmware.KindVisit:
			r.Visits += n
		case firmware.KindTamper:
			r.Tampers += n
		case firmware.KindRating:
			if s, ok := firmware.RatingOf(k.Outcome); ok {
				r.Ratings[s] += n
			}
		}
		if k.Kind.IsUse() {
			r.Total += n
		}
	}
	firmware.SortCounts(r.Counts)
	r.Hours, r.Unsynced, r.Dossiers, r.RolledUpDays = t.hours, t.unsynced, t.dossiers, t.rolled

	if r.PortalObserved, r.PortalUp, err = l.portalUptime(ctx, tx, p); err != nil {
		return r, diskError("report", err)
	}
	return r, nil
}

// portalUptime sums the observed and up time of the period's portal runs:
// each run stands until the next one begins, for at most PortalCheckHold
// after its last check, never past its own local day nor past the period's
// end or now.
func (l *Ledger) portalUptime(ctx context.Context, tx *sql.Tx, p period) (observed, up time.Duration, err error) {
	limit := min(p.hi, l.db.Now().UnixMilli())
	var obsMs, upMs int64
	if err := tx.QueryRowContext(ctx, portalSpans(`WHERE at_unix_ms >= ? AND at_unix_ms < ?`, `
		SELECT COALESCE(SUM(span), 0), COALESCE(SUM(span * up), 0)`),
		PortalCheckHold.Milliseconds(), limit, p.lo, p.hi).Scan(&obsMs, &upMs); err != nil {
		return 0, 0, err
	}
	if p.dayLo < p.dayHi {
		var o, u int64
		if err := tx.QueryRowContext(ctx, `
			SELECT COALESCE(SUM(observed_ms), 0), COALESCE(SUM(up_ms), 0) FROM portal_daily
			WHERE day >= ? AND day < ?`, p.dayLo, p.dayHi).Scan(&o, &u); err != nil {
			return 0, 0, err
		}
		obsMs, upMs = obsMs+o, upMs+u
	}
	return time.Duration(obsMs) * time.Millisecond, time.Duration(upMs) * time.Millisecond, nil
}

// portalSpans returns a query over the portal runs that where selects,
// each with its day, checks, up and span in ms for the outer select to read.
// Its first two parameters are the hold and the limit no span runs past.
func portalSpans(where, outer string) string {
	return outer + sqlLocal(` FROM (
		SELECT up, checks, {day} AS day, MAX(0, MIN(
			COALESCE(LEAD(at_unix_ms) OVER (ORDER BY at_unix_ms), last_unix_ms + ?1),
			last_unix_ms + ?1, {dayend}, ?2) - at_unix_ms) AS span
		FROM portal_runs `+where+`)`)
}

// Totals counts every event the ledger has recorded, by kind and outcome,
// in the report's order. The counts are kept as events are appended and
// compaction leaves them alone, so they only grow while the database lives.
func (l *Ledger) Totals(ctx context.Context) ([]firmware.OutcomeCount, error) {
	var counts []firmware.OutcomeCount
	rows, err := l.db.read.QueryContext(ctx, `SELECT kind, outcome, events FROM usage_totals`)
	if err := eachRow(rows, err, func(rows *sql.Rows) error {
		var c firmware.OutcomeCount
		if err := rows.Scan(&c.Kind, &c.Outcome, &c.Count); err != nil {
			return err
		}
		counts = append(counts, c)
		return nil
	}); err != nil {
		return nil, diskError("totals", err)
	}
	firmware.SortCounts(counts)
	return counts, nil
}

// RecordPortalCheck keeps one check of the portal's health for the uptime
// figures: it extends the latest run when the check gives the same answer
// in the same boot and day within PortalCheckHold of it, and begins a new
// run otherwise. A check taken before the clock synced is corrected like an
// event. It returns EINVALID for a check without a time and EINTERNAL when
// the disk refuses it.
func (l *Ledger) RecordPortalCheck(ctx context.Context, c firmware.PortalCheck) error {
	if c.At.IsZero() || c.Mono < 0 || c.Latency < 0 {
		return firmware.Errorf(firmware.EINVALID, "storage: portal check needs a time and no negative duration")
	}
	tx, err := l.db.write.BeginTx(ctx, nil)
	if err != nil {
		return diskError("portal check", err)
	}
	defer tx.Rollback()
	if err := recordPortalCheck(ctx, tx, c); err != nil {
		return diskError("portal check", err)
	}
	if err := tx.Commit(); err != nil {
		return diskError("portal check", err)
	}
	return nil
}

func recordPortalCheck(ctx context.Context, tx *sql.Tx, c firmware.PortalCheck) error {
	clocks := bootClocks{tx: tx}
	at, synced, err := clocks.stamp(ctx, c.At, c.Mono, c.BootID, c.ClockSynced)
	if err != nil {
		return err
	}
	if err := clocks.correctLearnt(ctx); err != nil {
		return err
	}

	var (
		id, start, last  int64
		boot             string
		runSynced, runUp bool
	)
	err = tx.QueryRowContext(ctx, `
		SELECT id, at_unix_ms, last_unix_ms, boot_id, clock_synced, up FROM portal_runs ORDER BY id DESC LIMIT 1`).
		Scan(&id, &start, &last, &boot, &runSynced, &runUp)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	extend := err == nil && runUp == c.Up && boot == c.BootID && runSynced == synced &&
		at >= last && at-last <= PortalCheckHold.Milliseconds() &&
		(start+zoneOffsetMs)/msPerDay == (at+zoneOffsetMs)/msPerDay
	if extend {
		_, err = tx.ExecContext(ctx, `
			UPDATE portal_runs SET last_unix_ms = ?, last_mono_ms = ?, checks = checks + 1, latency_ms = latency_ms + ?
			WHERE id = ?`, at, c.Mono.Milliseconds(), c.Latency.Milliseconds(), id)
	} else {
		_, err = tx.ExecContext(ctx, `
			INSERT INTO portal_runs (at_unix_ms, last_unix_ms, mono_ms, last_mono_ms, boot_id, clock_synced, up, checks, latency_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			at, at, c.Mono.Milliseconds(), c.Mono.Milliseconds(), c.BootID, synced, c.Up, c.Latency.Milliseconds())
	}
	return err
}

const msPerDay = 24 * 60 * 60 * 1000
