package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// A Pi has no battery clock: until NTP has synced, its wall clock is a guess
// (the last time saved before shutdown, or 1970). Every event and portal
// check therefore keeps its boot's ID and the monotonic time since boot
// beside the wall time, and whether the wall clock was synced (DESIGN §8).
//
// For each boot the ledger learns the boot's wall time minus its monotonic
// time from the first record of that boot taken with a synced clock, or from
// CorrectClock, and keeps it in boot_clocks. A record of the same boot taken
// before the sync then gets at = (wall − mono) + its mono:
//
//   - records already on disk are corrected in the transaction that learns
//     the offset, so the first synced event of a boot corrects the boot's
//     earlier ones without anyone asking;
//   - records written after it, such as events that waited in a Writer's
//     queue while the clock synced, are corrected as they are written.
//
// Records whose boot never synced keep their guessed time and their flag;
// reports count them (firmware.Report.Unsynced).

// CorrectClock tells the ledger that in boot bootID the synced wall clock
// read wallNow when the time since boot was monoNow, and corrects the time
// of every event and portal check of that boot taken before the sync:
// corrected At = wallNow − (monoNow − event.Mono). It also corrects the
// records of earlier boots whose offset the ledger learned from their own
// synced records. It returns the number of events corrected, and EINVALID
// for a missing boot ID or time.
//
// The kiosk calls it once when it sees the clock synced; it is also safe to
// call at any time and more than once.
func (l *Ledger) CorrectClock(ctx context.Context, bootID string, wallNow time.Time, monoNow time.Duration) (int, error) {
	switch {
	case bootID == "":
		return 0, firmware.Errorf(firmware.EINVALID, "storage: correct clock: boot ID required")
	case wallNow.IsZero() || monoNow <= 0:
		return 0, firmware.Errorf(firmware.EINVALID, "storage: correct clock: wall and monotonic times required")
	}
	tx, err := l.db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, diskError("correct clock", err)
	}
	defer tx.Rollback()

	// The caller's word replaces an offset learned from an event: both come
	// from a synced clock, and the newer one has had longer to settle.
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO boot_clocks (boot_id, wall_minus_mono_ms) VALUES (?, ?)
		ON CONFLICT (boot_id) DO UPDATE SET wall_minus_mono_ms = excluded.wall_minus_mono_ms`,
		bootID, wallNow.UnixMilli()-monoNow.Milliseconds()); err != nil {
		return 0, diskError("correct clock", err)
	}
	n, err := correctUnsynced(ctx, tx, "")
	if err != nil {
		return 0, diskError("correct clock", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, diskError("correct clock", err)
	}
	return int(n), nil
}

// correctUnsynced sets the time of the unsynced events and portal checks of
// boot, or of every boot whose offset is known when boot is "", and returns
// how many events it corrected. Records without a monotonic time cannot be
// placed and are left alone.
func correctUnsynced(ctx context.Context, tx *sql.Tx, boot string) (int64, error) {
	const offset = `(SELECT wall_minus_mono_ms FROM boot_clocks b WHERE b.boot_id = %[1]s.boot_id)`
	where := ` WHERE clock_synced = 0 AND mono_ms > 0 AND boot_id IN (SELECT boot_id FROM boot_clocks)`
	args := []any{}
	if boot != "" {
		where += ` AND boot_id = ?`
		args = append(args, boot)
	}
	res, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE usage_events SET
		at_unix_ms = `+offset+` + mono_ms, clock_synced = 1`, "usage_events")+where, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE portal_runs SET
		at_unix_ms = `+offset+` + mono_ms, last_unix_ms = `+offset+` + last_mono_ms, clock_synced = 1`, "portal_runs")+where,
		args...); err != nil {
		return 0, err
	}
	return n, nil
}

// bootClocks stamps the records of one write transaction: it learns a
// boot's offset from its first synced record and corrects unsynced records
// of boots whose offset it knows.
type bootClocks struct {
	tx     *sql.Tx
	known  map[string]int64 // boot → wall − mono, ms
	absent map[string]bool  // boots looked up without an offset
	learnt []string         // boots whose offset this transaction recorded
}

// stamp returns the wall time in milliseconds to store for a record taken
// at (at, mono) in boot, and whether that time is a synced one.
func (c *bootClocks) stamp(ctx context.Context, at time.Time, mono time.Duration, boot string, synced bool) (int64, bool, error) {
	ms, m := at.UnixMilli(), mono.Milliseconds()
	if boot == "" || m <= 0 {
		return ms, synced, nil
	}
	off, ok, err := c.offset(ctx, boot)
	if err != nil {
		return 0, false, err
	}
	switch {
	case synced && !ok:
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO boot_clocks (boot_id, wall_minus_mono_ms) VALUES (?, ?)
			ON CONFLICT (boot_id) DO NOTHING`, boot, ms-m); err != nil {
			return 0, false, err
		}
		c.known[boot] = ms - m
		delete(c.absent, boot)
		c.learnt = append(c.learnt, boot)
	case !synced && ok:
		return off + m, true, nil
	}
	return ms, synced, nil
}

func (c *bootClocks) offset(ctx context.Context, boot string) (int64, bool, error) {
	if c.known == nil {
		c.known, c.absent = map[string]int64{}, map[string]bool{}
	}
	if off, ok := c.known[boot]; ok {
		return off, true, nil
	}
	if c.absent[boot] {
		return 0, false, nil
	}
	var off int64
	err := c.tx.QueryRowContext(ctx, `SELECT wall_minus_mono_ms FROM boot_clocks WHERE boot_id = ?`, boot).Scan(&off)
	if errors.Is(err, sql.ErrNoRows) {
		c.absent[boot] = true
		return 0, false, nil
	} else if err != nil {
		return 0, false, err
	}
	c.known[boot] = off
	return off, true, nil
}

// correctLearnt corrects the records already on disk of the boots whose
// offset this transaction learnt.
func (c *bootClocks) correctLearnt(ctx context.Context) error {
	for _, boot := range c.learnt {
		if _, err := correctUnsynced(ctx, c.tx, boot); err != nil {
			return err
		}
	}
	return nil
}
