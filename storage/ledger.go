package storage

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Ledger is the usage ledger: raw events in usage_events, daily roll-ups of
// the days compacted (Compact), counts kept for ever (Totals) and the
// portal's health checks. Times are kept to the millisecond: At, Latency
// and Mono come back truncated, At in UTC.
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
// nil the event is on disk. An event taken before the clock synced is
// stored with its time corrected when its boot's clock is already known
// (see CorrectClock).
//
// Append waits for the disk; the kiosk appends through a Writer, which
// does not.
func (l *Ledger) Append(ctx context.Context, e firmware.UsageEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if err := l.appendBatch(ctx, []firmware.UsageEvent{e}); err != nil {
		return diskError("append", err)
	}
	return nil
}

// insertChunk is how many events one INSERT statement writes: a statement
// per row costs more in binding and in database/sql than SQLite spends on
// the row itself.
const insertChunk = 64

// insertEvents returns an INSERT of n events.
func insertEvents(n int) string {
	const row = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	return `INSERT INTO usage_events (
		kind, outcome, status, procedure, channel, lang, code_ref,
		latency_ms, at_unix_ms, mono_ms, boot_id, clock_synced, overdue
	) VALUES ` + strings.Repeat(row+", ", n-1) + row
}

var insertFullChunk = insertEvents(insertChunk)

// overdue is the overdue column: known only for a lookup that found its
// dossier, NULL for every other event.
func overdue(e *firmware.UsageEvent) any {
	if e.Kind != firmware.KindLookup || e.Outcome != firmware.OutcomeOK {
		return nil
	}
	return e.Overdue
}

// appendBatch writes events, already validated, in one transaction and sets
// each one's ID, and its At and ClockSynced as stored. On error nothing is
// written and the events are left as they were.
func (l *Ledger) appendBatch(ctx context.Context, events []firmware.UsageEvent) error {
	tx, err := l.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	clocks := bootClocks{tx: tx}
	stored := make([]firmware.UsageEvent, len(events))
	args := make([]any, 0, 13*min(len(events), insertChunk))
	for start := 0; start < len(events); start += insertChunk {
		chunk := stored[start:min(start+insertChunk, len(events))]
		copy(chunk, events[start:])
		args = args[:0]
		for i := range chunk {
			e := &chunk[i]
			at, synced, err := clocks.stamp(ctx, e.At, e.Mono, e.BootID, e.ClockSynced)
			if err != nil {
				return err
			}
			args = append(args, string(e.Kind), e.Outcome, int(e.Status), e.Procedure, string(e.Channel), e.Lang,
				e.CodeRef, e.Latency.Milliseconds(), at, e.Mono.Milliseconds(), e.BootID, synced, overdue(e))
			e.At, e.ClockSynced = time.UnixMilli(at).UTC(), synced
		}
		var res sql.Result
		if len(chunk) == insertChunk {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, insertFullChunk); err != nil {
					return err
				}
			}
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.ExecContext(ctx, insertEvents(len(chunk)), args...)
		}
		if err != nil {
			return err
		}
		// One statement's rows get consecutive rowids, each the largest
		// so far plus one, so the last one gives them all.
		last, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for i := range chunk {
			chunk[i].ID = last - int64(len(chunk)-1-i)
		}
	}
	if err := addTotals(ctx, tx, stored); err != nil {
		return err
	}
	if err := clocks.correctLearnt(ctx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	copy(events, stored)
	return nil
}

// addTotals counts events into usage_totals: a handful of rows a batch.
func addTotals(ctx context.Context, tx *sql.Tx, events []firmware.UsageEvent) error {
	type key struct {
		kind    firmware.EventKind
		outcome string
	}
	counts := map[key]int{}
	for _, e := range events {
		counts[key{e.Kind, e.Outcome}]++
	}
	for k, n := range counts {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO usage_totals (kind, outcome, events) VALUES (?, ?, ?)
			ON CONFLICT (kind, outcome) DO UPDATE SET events = events + excluded.events`,
			string(k.kind), k.outcome, n); err != nil {
			return err
		}
	}
	return nil
}

// Events returns the raw events with from <= At < to in the order they
// happened (by At, then by ID for events of the same millisecond). Events
// already compacted into roll-ups are not among them.
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
			latency_ms, at_unix_ms, mono_ms, boot_id, clock_synced, COALESCE(overdue, 0)
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
			&latency, &at, &mono, &e.BootID, &e.ClockSynced, &e.Overdue); err != nil {
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
