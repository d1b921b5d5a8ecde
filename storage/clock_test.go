package storage

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// unsynced is an event of boot taken mono after boot, before the clock
// synced: the Pi's wall clock still said 1 January 1970, 00:00 plus mono.
func unsynced(boot string, mono time.Duration) firmware.UsageEvent {
	e := event(firmware.KindProcedure, firmware.OutcomeOK, time.Unix(0, 0).Add(mono), "")
	e.BootID, e.Mono, e.ClockSynced = boot, mono, false
	return e
}

// eventTimes returns each event's (At, ClockSynced) by Mono, for one boot.
func eventTimes(t *testing.T, l *Ledger, boot string) map[time.Duration]firmware.UsageEvent {
	t.Helper()
	m := map[time.Duration]firmware.UsageEvent{}
	for _, e := range allEvents(t, l) {
		if e.BootID == boot {
			m[e.Mono] = e
		}
	}
	return m
}

func TestCorrectClock(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t, o.path(t))
			db.Now = func() time.Time { return day(1, 0) }
			l := NewLedger(db)
			s := time.Second

			// Boot b1: three events before NTP, one without a monotonic
			// time, and a portal check; the clock syncs at mono 200 s
			// when the true time is 09:00.
			for _, m := range []time.Duration{60 * s, 120 * s, 180 * s} {
				if err := l.Append(ctx, unsynced("b1", m)); err != nil {
					t.Fatal(err)
				}
			}
			noMono := unsynced("b1", 0)
			noMono.At = time.Unix(5, 0)
			if err := l.Append(ctx, noMono); err != nil {
				t.Fatal(err)
			}
			if err := l.RecordPortalCheck(ctx, firmware.PortalCheck{At: time.Unix(150, 0), Mono: 150 * s,
				BootID: "b1", Up: true}); err != nil {
				t.Fatal(err)
			}
			// Boot b2 never synced: nothing can place its events.
			if err := l.Append(ctx, unsynced("b2", 30*s)); err != nil {
				t.Fatal(err)
			}

			n, err := l.CorrectClock(ctx, "b1", day(0, 9), 200*s)
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 {
				t.Errorf("CorrectClock corrected %d events, want 3", n)
			}
			got := eventTimes(t, l, "b1")
			for mono, want := range map[time.Duration]time.Time{
				60 * s:  day(0, 8).Add(57*time.Minute + 40*s), // 09:00:00 − (200 s − 60 s)
				120 * s: day(0, 8).Add(58*time.Minute + 40*s), // 09:00:00 − 80 s
				180 * s: day(0, 8).Add(59*time.Minute + 40*s), // 09:00:00 − 20 s
			} {
				if e := got[mono]; !e.At.Equal(want) || !e.ClockSynced {
					t.Errorf("event at mono %v: At %v synced %v, want %v synced", mono, e.At.In(ict), e.ClockSynced, want)
				}
			}
			if e := got[0]; !e.At.Equal(time.Unix(5, 0)) || e.ClockSynced {
				t.Errorf("event without mono: %+v, want it untouched", e)
			}
			if e := eventTimes(t, l, "b2")[30*s]; !e.At.Equal(time.Unix(30, 0)) || e.ClockSynced {
				t.Errorf("b2's event: %+v, want it untouched", e)
			}
			var checkAt int64
			var checkSynced bool
			if err := db.read.QueryRow(`SELECT at_unix_ms, clock_synced FROM portal_runs`).Scan(&checkAt, &checkSynced); err != nil {
				t.Fatal(err)
			}
			if want := day(0, 8).Add(59*time.Minute + 10*s); checkAt != want.UnixMilli() || !checkSynced {
				t.Errorf("portal check at %v synced %v, want %v", time.UnixMilli(checkAt).In(ict), checkSynced, want)
			}

			// An event of b1 that waited in a queue while the clock synced
			// is corrected as it is written.
			if err := l.Append(ctx, unsynced("b1", 300*s)); err != nil {
				t.Fatal(err)
			}
			if e := eventTimes(t, l, "b1")[300*s]; !e.At.Equal(day(0, 9).Add(100*s)) || !e.ClockSynced {
				t.Errorf("late event: At %v synced %v, want 09:01:40 synced", e.At.In(ict), e.ClockSynced)
			}

			// Again: nothing left to correct, nothing changes.
			if n, err := l.CorrectClock(ctx, "b1", day(0, 9), 200*s); err != nil || n != 0 {
				t.Errorf("second CorrectClock = %d, %v; want 0", n, err)
			}

			s2, err := l.Report(ctx, day(0, 0), day(1, 0))
			if err != nil {
				t.Fatal(err)
			}
			if s2.Total != 4 || s2.Hours[8] != 3 || s2.Hours[9] != 1 {
				t.Errorf("report of the corrected day: %d events, hours %v", s2.Total, s2.Hours)
			}
			if r, err := l.Report(ctx, time.Unix(0, 0), day(2, 0)); err != nil || r.Unsynced != 2 {
				t.Errorf("Unsynced = %d, %v; want 2 (b2's and the one without mono)", r.Unsynced, err)
			}
		})
	}
}

// The first event of a boot taken with a synced clock teaches the ledger
// the boot's clock: the boot's earlier events are corrected in the same
// transaction, without CorrectClock, so that a kiosk killed before it could
// call it still gets them right.
func TestCorrectClock_FromFirstSyncedEvent(t *testing.T) {
	ctx := context.Background()
	l := NewLedger(mustOpen(t, tempPath(t)))
	s := time.Second
	if err := l.Append(ctx, unsynced("b0", 10*s)); err != nil {
		t.Fatal(err)
	}
	e := event(firmware.KindLookup, firmware.OutcomeOK, day(-1, 10), ref("x"))
	e.BootID, e.Mono = "b0", 3600*s
	if err := l.Append(ctx, e); err != nil {
		t.Fatal(err)
	}
	got := eventTimes(t, l, "b0")
	if e := got[10*s]; !e.At.Equal(day(-1, 9).Add(10*s)) || !e.ClockSynced {
		t.Errorf("early event: At %v synced %v, want 09:00:10 synced", e.At.In(ict), e.ClockSynced)
	}
	if e := got[3600*s]; !e.At.Equal(day(-1, 10)) || !e.ClockSynced {
		t.Errorf("synced event changed: %+v", e)
	}
	// Through the writer, too, where the two land in one batch.
	db := mustOpen(t, MemoryPath)
	w := NewWriter(NewLedger(db), nil)
	for _, e := range []firmware.UsageEvent{unsynced("b3", 5*s), e, unsynced("b3", 7*s)} {
		e.BootID = "b3"
		if err := w.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	closeWriter(t, w)
	got = eventTimes(t, NewLedger(db), "b3")
	for _, m := range []time.Duration{5 * s, 7 * s} {
		if e := got[m]; !e.At.Equal(day(-1, 9).Add(m)) || !e.ClockSynced {
			t.Errorf("writer, mono %v: At %v synced %v", m, e.At.In(ict), e.ClockSynced)
		}
	}
}

func TestCorrectClock_Invalid(t *testing.T) {
	l := NewLedger(mustOpen(t, MemoryPath))
	ctx := context.Background()
	for _, c := range []struct {
		boot string
		wall time.Time
		mono time.Duration
	}{{"", day(0, 9), time.Minute}, {"b", time.Time{}, time.Minute}, {"b", day(0, 9), 0}} {
		if _, err := l.CorrectClock(ctx, c.boot, c.wall, c.mono); firmware.ErrorCode(err) != firmware.EINVALID {
			t.Errorf("CorrectClock(%q, %v, %v) = %v, want EINVALID", c.boot, c.wall, c.mono, err)
		}
	}
}
