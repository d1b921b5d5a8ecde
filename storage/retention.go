package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// DefaultRetention is how long raw events and portal checks are kept before
// Compact folds them into daily roll-ups (DESIGN §8: 180 days).
const DefaultRetention = 180 * 24 * time.Hour

// CompactStats says what Compact did.
type CompactStats struct {
	Before time.Time // the local midnight before which raw rows were folded
	Events int       // raw events folded into roll-ups and deleted
	Runs   int       // raw portal runs folded into roll-ups and deleted
	Days   int       // days with events whose roll-ups were written or added to
	// Ratings is how many ratings the portal had accepted before the
	// cutoff were deleted from the queue.
	Ratings int
}

// Compact folds the raw events and portal checks of the local days that
// ended more than keep before now into the daily roll-ups, and deletes
// them, in one transaction: a report reads both, so its totals do not
// change, but the code references of those days are gone for good.
//
// Events whose time was taken before the clock synced are first corrected
// where their boot's clock is known. Those of the most recent boot that
// still wait for correction are left raw: that boot may yet sync. Those
// of earlier boots never will, and are folded by the time they carry.
//
// Rows that arrive later for a day already folded (a late correction) are
// added to its roll-ups by the next Compact. Ratings the portal accepted
// before the cutoff are deleted from the queue too: the portal has them, and
// each carries a code reference. Ratings the portal never accepted stay.
// Deleted rows free pages for new ones, zeroed (secure_delete); the file
// does not shrink. keep must be positive.
func (l *Ledger) Compact(ctx context.Context, now time.Time, keep time.Duration) (CompactStats, error) {
	st := CompactStats{Before: firmware.DayStart(now.Add(-keep))}
	if keep <= 0 {
		return st, firmware.Errorf(firmware.EINVALID, "storage: compact: retention must be positive")
	}
	cutoff := st.Before.UnixMilli()

	tx, err := l.db.write.BeginTx(ctx, nil)
	if err != nil {
		return st, diskError("compact", err)
	}
	defer tx.Rollback()

	if _, err := correctUnsynced(ctx, tx, ""); err != nil {
		return st, diskError("compact", err)
	}
	eventsBoot, err := latestUnsyncedBoot(ctx, tx, "usage_events")
	if err != nil {
		return st, diskError("compact", err)
	}
	runsBoot, err := latestUnsyncedBoot(ctx, tx, "portal_runs")
	if err != nil {
		return st, diskError("compact", err)
	}

	// The rows to fold: ?1 is the cutoff, ?2 the boot whose unsynced rows
	// wait (NULL, which matches nothing, when there is none).
	const old = `at_unix_ms < ?1 AND NOT (clock_synced = 0 AND boot_id IS ?2)`
	steps := []struct {
		query string
		args  []any
		n     *int
	}{{
		query: sqlLocal(`
			INSERT INTO usage_daily (day, kind, outcome, status, channel, events, unsynced, latency_ms)
			SELECT {day}, kind, outcome, status, channel, COUNT(*), SUM(clock_synced = 0), SUM(latency_ms)
			FROM usage_events WHERE ` + old + `
			GROUP BY 1, 2, 3, 4, 5
			ON CONFLICT (day, kind, outcome, status, channel) DO UPDATE SET
				events = events + excluded.events,
				unsynced = unsynced + excluded.unsynced,
				latency_ms = latency_ms + excluded.latency_ms`),
		args: []any{cutoff, eventsBoot},
	}, {
		query: sqlLocal(`
			INSERT INTO usage_daily_hours (day, hour, events)
			SELECT {day}, {hour}, COUNT(*)
			FROM usage_events WHERE ` + old + ` AND kind NOT IN ` + notInBusyHours + `
			GROUP BY 1, 2
			ON CONFLICT (day, hour) DO UPDATE SET events = events + excluded.events`),
		args: []any{cutoff, eventsBoot},
	}, {
		query: sqlLocal(`
			INSERT INTO usage_daily_totals (day, events, dossiers_unique, dossiers_found, dossiers_online,
				dossiers_overdue, overdue_known)
			SELECT e.day, e.events, COALESCE(d.n, 0), COALESCE(d.found, 0), COALESCE(d.online, 0),
				COALESCE(d.overdue, 0), COALESCE(d.overdue_known, 0)
			FROM (SELECT {day} AS day, COUNT(*) AS events FROM usage_events WHERE ` + old + ` GROUP BY 1) AS e
			LEFT JOIN (
				SELECT day, ` + dossierSums + ` FROM (
					SELECT {day} AS day, code_ref, ` + dossierFlags + ` FROM usage_events
					WHERE ` + old + ` AND kind = 'lookup' AND code_ref <> ''
					GROUP BY 1, 2
				) GROUP BY day
			) AS d ON d.day = e.day
			WHERE true
			ON CONFLICT (day) DO UPDATE SET
				events = events + excluded.events,
				dossiers_unique = dossiers_unique + excluded.dossiers_unique,
				dossiers_found = dossiers_found + excluded.dossiers_found,
				dossiers_online = dossiers_online + excluded.dossiers_online,
				dossiers_overdue = dossiers_overdue + excluded.dossiers_overdue,
				overdue_known = overdue_known + excluded.overdue_known`),
		args: []any{cutoff, eventsBoot},
		n:    &st.Days,
	}, {
		// Spans as Report counts them, with the cutoff, a midnight, as
		// their limit: no span of a folded run reaches a kept day.
		query: `INSERT INTO portal_daily (day, checks, observed_ms, up_ms) ` +
			portalSpans(`WHERE at_unix_ms < ?3 AND NOT (clock_synced = 0 AND boot_id IS ?4)`,
				`SELECT day, SUM(checks), SUM(span), SUM(span * up)`) + `
			GROUP BY day
			ON CONFLICT (day) DO UPDATE SET
				checks = checks + excluded.checks,
				observed_ms = observed_ms + excluded.observed_ms,
				up_ms = up_ms + excluded.up_ms`,
		args: []any{PortalCheckHold.Milliseconds(), cutoff, cutoff, runsBoot},
	}, {
		query: `DELETE FROM usage_events WHERE ` + old,
		args:  []any{cutoff, eventsBoot},
		n:     &st.Events,
	}, {
		query: `DELETE FROM portal_runs WHERE ` + old,
		args:  []any{cutoff, runsBoot},
		n:     &st.Runs,
	}, {
		query: `DELETE FROM rating_queue WHERE sent_unix_ms IS NOT NULL AND sent_unix_ms < ?1`,
		args:  []any{cutoff},
		n:     &st.Ratings,
	}, {
		// A boot's clock is needed while any of its rows may still come
		// or wait for correction; with none left it never will be.
		query: `DELETE FROM boot_clocks WHERE boot_id NOT IN (SELECT boot_id FROM usage_events)
			AND boot_id NOT IN (SELECT boot_id FROM portal_runs)`,
	}}
	for _, s := range steps {
		res, err := tx.ExecContext(ctx, s.query, s.args...)
		if err != nil {
			return st, diskError("compact", err)
		}
		if s.n != nil {
			n, err := res.RowsAffected()
			if err != nil {
				return st, diskError("compact", err)
			}
			*s.n = int(n)
		}
	}
	if err := tx.Commit(); err != nil {
		return st, diskError("compact", err)
	}
	return st, nil
}

// latestUnsyncedBoot returns the boot of table's newest row when that row's
// time still waits for correction, and nil otherwise.
func latestUnsyncedBoot(ctx context.Context, tx *sql.Tx, table string) (any, error) {
	var boot string
	var synced bool
	err := tx.QueryRowContext(ctx, `SELECT boot_id, clock_synced FROM `+table+` ORDER BY id DESC LIMIT 1`).
		Scan(&boot, &synced)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && synced) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return boot, nil
}

// notInBusyHours is the SQL list of the known kinds that a report's busy
// hours leave out (firmware.EventKind.InBusyHours): ('staff', 'visit',
// 'tamper'). Kinds are the domain's own constants, never input.
var notInBusyHours = func() string {
	var q []string
	for _, k := range firmware.Kinds {
		if !k.InBusyHours() {
			q = append(q, "'"+string(k)+"'")
		}
	}
	return "(" + strings.Join(q, ", ") + ")"
}()
