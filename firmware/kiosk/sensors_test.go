package kiosk_test

import (
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
)

func TestMotionCountsVisits(t *testing.T) {
	for _, tc := range []struct {
		name string
		gap  time.Duration
		// seconds since the previous movement, and whether it is a new visit
		steps []struct {
			after int
			visit bool
		}
	}{
		{"default gap", 0, []struct {
			after int
			visit bool
		}{
			{0, true},                             // the first movement since start
			{10, false}, {30, false}, {50, false}, // someone standing there
			{59, false}, // still within a minute of the last movement
			{60, true},  // a quiet minute: someone new
			{1, false}, {3600, true}, {5, false},
		}},
		{"10 s gap", 10 * time.Second, []struct {
			after int
			visit bool
		}{{0, true}, {9, false}, {10, true}, {30, true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &memLedger{}
			clock := &movingClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, ict)}
			k, err := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: l, HashKey: key, Clock: clock, VisitGap: tc.gap})
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for i, s := range tc.steps {
				clock.Advance(time.Duration(s.after) * time.Second)
				k.Motion()
				if s.visit {
					want++
				}
				if got := len(l.events); got != want {
					t.Fatalf("step %d (+%d s): %d visits recorded, want %d", i, s.after, got, want)
				}
			}
			for _, e := range l.events {
				if e.Kind != firmware.KindVisit || e.Outcome != firmware.OutcomeOK || e.CodeRef != "" || e.Lang != "" {
					t.Errorf("visit event %+v", e)
				}
			}
		})
	}
}

// NTP setting the wall clock while someone stands there makes no visit:
// the gap is measured on the time since boot.
func TestMotionIgnoresClockJumps(t *testing.T) {
	l := &memLedger{}
	clock := &movingClock{now: time.Date(2026, 11, 20, 9, 0, 0, 0, ict), unsynced: true}
	k, err := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: l, HashKey: key, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	k.Motion()
	clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict), true) // six days later by the wall clock
	clock.Advance(5 * time.Second)
	k.Motion()
	if len(l.events) != 1 {
		t.Fatalf("%d visits after a clock jump, want 1", len(l.events))
	}
	if l.events[0].ClockSynced {
		t.Error("a visit before NTP is not flagged")
	}
}

func TestDoorOpeningsRecorded(t *testing.T) {
	l := &memLedger{}
	clock := &movingClock{now: time.Date(2026, 11, 26, 2, 15, 0, 0, ict)}
	k, err := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: l, HashKey: key, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	k.Door(true)
	clock.Advance(time.Minute)
	k.Door(false)
	k.Door(true)
	if len(l.events) != 2 {
		t.Fatalf("%d events for two openings and a shutting", len(l.events))
	}
	for _, e := range l.events {
		if e.Kind != firmware.KindTamper || e.Outcome != firmware.OutcomeOK || e.Kind.IsUse() {
			t.Errorf("event %+v", e)
		}
	}
	if !l.events[0].At.Equal(time.Date(2026, 11, 26, 2, 15, 0, 0, ict)) {
		t.Errorf("opened at %v", l.events[0].At)
	}
}
