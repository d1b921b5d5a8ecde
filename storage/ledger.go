package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Ledger is the usage ledger in the usage_events table. Times are kept to
// the millisecond: At, Latency and Mono come back truncated, At in UTC.
type Ledger struct {
	db *DB
}

var _ firmware.Ledger = (*Ledger)(nil)

// NewLedger returns the ledger kept in db.
func NewLedger(db *DB) *Ledger {
	return &Ledger{db: db}
}

// Append records e. It returns e.Validate's EINVALID error unchanged, and
// an EINTERNAL error when the database refuses the write; when it returns
// nil the event is on disk.
func (l *Ledger) Append(ctx context.Context, e firmware.UsageEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	tx, err := l.db.write.BeginTx(ctx, nil)
	if err != nil {
		return diskError("append", err)
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `
		INSERT INTO usage_events (
			kind, outcome, status, procedure, channel, lang, code_ref,
			latency_ms, at_unix_ms, mono_ms, boot_id, clock_synced
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(e.Kind), e.Outcome, int(e.Status), e.Procedure, string(e.Channel), e.Lang, e.CodeRef,
		e.Latency.Milliseconds(), e.At.UnixMilli(), e.Mono.Milliseconds(), e.BootID, e.ClockSynced,
	); err != nil {
		return diskError("append", err)
	}
	if err := tx.Commit(); err != nil {
		return diskError("append", err)
	}
	return nil
}

// Summary counts the events with from <= At < to, compared to the
// millisecond. It returns EINVALID when to is before from. The maps are
// never nil.
func (l *Ledger) Summary(ctx context.Context, from, to time.Time) (firmware.UsageSummary, error) {
	s := firmware.UsageSummary{
		From:      from,
		To:        to,
		ByKind:    map[firmware.EventKind]int{},
		ByOutcome: map[string]int{},
	}
	if to.Before(from) {
		return s, firmware.Errorf(firmware.EINVALID, "storage: period ends before it starts")
	}
	lo, hi := from.UnixMilli(), to.UnixMilli()

	// One read transaction so that the three counts describe the same
	// snapshot even while the kiosk appends.
	tx, err := l.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s, diskError("summary", err)
	}
	defer tx.Rollback()

	if err := countBy(ctx, tx, `
		SELECT kind, COUNT(*) FROM usage_events
		WHERE at_unix_ms >= ? AND at_unix_ms < ?
		GROUP BY kind`, lo, hi, func(kind string, n int) {
		s.ByKind[firmware.EventKind(kind)] = n
		s.Total += n
	}); err != nil {
		return s, diskError("summary", err)
	}
	if err := countBy(ctx, tx, `
		SELECT outcome, COUNT(*) FROM usage_events
		WHERE kind = 'lookup' AND at_unix_ms >= ? AND at_unix_ms < ?
		GROUP BY outcome`, lo, hi, func(outcome string, n int) {
		s.ByOutcome[outcome] = n
	}); err != nil {
		return s, diskError("summary", err)
	}
	if err := tx.QueryRowContext(ctx, `
		SELECT COUNT(DISTINCT code_ref) FROM usage_events
		WHERE kind = 'lookup' AND code_ref <> '' AND at_unix_ms >= ? AND at_unix_ms < ?`,
		lo, hi).Scan(&s.UniqueDossiers); err != nil {
		return s, diskError("summary", err)
	}
	return s, nil
}

// countBy runs a query of (key, count) rows over [lo, hi) and hands each row
// to add.
func countBy(ctx context.Context, tx *sql.Tx, query string, lo, hi int64, add func(string, int)) error {
	rows, err := tx.QueryContext(ctx, query, lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return err
		}
		add(key, n)
	}
	return rows.Err()
}

// Events returns the events with from <= At < to in the order they happened
// (by At, then by ID for events of the same millisecond), for reports.
func (l *Ledger) Events(ctx context.Context, from, to time.Time) ([]firmware.UsageEvent, error) {
	if to.Before(from) {
		return nil, firmware.Errorf(firmware.EINVALID, "storage: period ends before it starts")
	}
	tx, err := l.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, diskError("events", err)
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `
		SELECT id, kind, outcome, status, procedure, channel, lang, code_ref,
			latency_ms, at_unix_ms, mono_ms, boot_id, clock_synced
		FROM usage_events
		WHERE at_unix_ms >= ? AND at_unix_ms < ?
		ORDER BY at_unix_ms, id`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, diskError("events", err)
	}
	defer rows.Close()

	var events []firmware.UsageEvent
	for rows.Next() {
		var (
			e                 firmware.UsageEvent
			kind, channel     string
			status            int
			latency, at, mono int64
		)
		if err := rows.Scan(&e.ID, &kind, &e.Outcome, &status, &e.Procedure, &channel, &e.Lang, &e.CodeRef,
			&latency, &at, &mono, &e.BootID, &e.ClockSynced); err != nil {
			return nil, diskError("events", err)
		}
		e.Kind = firmware.EventKind(kind)
		e.Status = firmware.Status(status)
		e.Channel = firmware.Channel(channel)
		e.Latency = time.Duration(latency) * time.Millisecond
		e.At = time.UnixMilli(at).UTC()
		e.Mono = time.Duration(mono) * time.Millisecond
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, diskError("events", err)
	}
	return events, nil
}

// ledgerError is a failure of the database under a ledger method. It is an
// EINTERNAL firmware error, so screens and the fault LED need no string
// matching, and it still unwraps to the driver's error, so errors.Is finds
// context.Canceled or a *sqlite.Error's code.
type ledgerError struct {
	op  string
	err error
}

func diskError(op string, err error) error {
	return &ledgerError{op: op, err: err}
}

func (e *ledgerError) Error() string { return "storage: " + e.op + ": " + e.err.Error() }

func (e *ledgerError) Unwrap() []error {
	return []error{firmware.Errorf(firmware.EINTERNAL, "storage: %s failed", e.op), e.err}
}
