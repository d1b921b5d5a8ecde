package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

func TestZoneOffset(t *testing.T) {
	_, off := time.Unix(0, 0).In(firmware.Vietnam).Zone()
	if int64(off)*1000 != zoneOffsetMs {
		t.Fatalf("zoneOffsetMs = %d, firmware.Vietnam is %d s from UTC", zoneOffsetMs, off)
	}
}

// at returns day n at hh:mm in ICT.
func at(n, hh, mm int) time.Time { return day(n, hh).Add(time.Duration(mm) * time.Minute) }

// reportFixture is a hand-built set of events and portal checks whose
// figures were counted by hand (see want below).
func reportFixture() ([]firmware.UsageEvent, []firmware.PortalCheck) {
	const (
		lookup    = firmware.KindLookup
		procedure = firmware.KindProcedure
		rating    = firmware.KindRating
		staff     = firmware.KindStaff
	)
	a, b, c, d, e := ref("A"), ref("B"), ref("C"), ref("D"), ref("E")
	lk := func(outcome string, t time.Time, codeRef string, ch firmware.Channel) firmware.UsageEvent {
		ev := event(lookup, outcome, t, codeRef)
		ev.Channel = ch
		if outcome == firmware.OutcomeOK {
			ev.Status = firmware.StatusInProgress
		}
		return ev
	}
	online, inPerson := firmware.ChannelOnline, firmware.ChannelInPerson
	late := event(procedure, firmware.EUNAVAILABLE, at(1, 15, 30), "")
	late.BootID, late.Mono, late.ClockSynced = "boot-0", 42*time.Second, false // a boot that never synced

	events := []firmware.UsageEvent{
		// Day 0: A twice (online), B (in person), C not found, a bad code.
		lk(firmware.OutcomeOK, at(0, 8, 15), a, online),
		lk(firmware.OutcomeOK, at(0, 8, 40), a, online),
		lk(firmware.OutcomeOK, at(0, 9, 5), b, inPerson),
		lk(firmware.ENOTFOUND, at(0, 9, 30), c, ""),
		lk(firmware.EINVALID, at(0, 10, 0), "", ""),
		event(procedure, firmware.OutcomeOK, at(0, 10, 10), ""),
		event(rating, firmware.RatingVeryHappy.Outcome(), at(0, 10, 20), ""),
		event(rating, firmware.RatingHappy.Outcome(), at(0, 14, 5), ""),
		event(staff, firmware.OutcomeOK, at(0, 17, 0), ""),
		// Day 1: A again, D (online), E unreachable.
		lk(firmware.OutcomeOK, at(1, 8, 0), a, online),
		overdueLookup(lk(firmware.OutcomeOK, at(1, 9, 0), d, online)),
		lk(firmware.EUNAVAILABLE, at(1, 9, 10), e, ""),
		event(rating, firmware.RatingVeryHappy.Outcome(), at(1, 9, 20), ""),
		event(rating, firmware.RatingUnhappy.Outcome(), at(1, 15, 0), ""),
		late,
		// Day 2: the first and the last minute.
		event(procedure, firmware.OutcomeOK, at(2, 0, 0), ""),
		lk(firmware.ETIMEOUT, at(2, 23, 59), "", ""),
		// Day 3 is empty. Day 4: a rating without a score.
		event(rating, firmware.OutcomeOK, at(4, 11, 0), ""),
		// Someone came up to the kiosk: not a use, in no total or hour.
		event(firmware.KindVisit, firmware.OutcomeOK, at(0, 8, 10), ""),
		event(firmware.KindVisit, firmware.OutcomeOK, at(0, 13, 0), ""),
		event(firmware.KindVisit, firmware.OutcomeOK, at(1, 6, 30), ""),
		// The cabinet opened at night: not a use either.
		event(firmware.KindTamper, firmware.OutcomeOK, at(1, 2, 15), ""),
	}
	check := func(t time.Time, up bool) firmware.PortalCheck {
		return firmware.PortalCheck{At: t, Up: up, ClockSynced: true, BootID: "boot-1", Latency: 80 * time.Millisecond}
	}
	checks := []firmware.PortalCheck{
		check(at(0, 8, 0), true),   // 10 min up
		check(at(0, 8, 10), true),  // 10 min up
		check(at(0, 8, 20), false), // 5 min down
		check(at(0, 8, 25), true),  // the kiosk was off until 12:00: 15 min up
		check(at(0, 12, 0), true),  // 15 min up
		check(at(0, 23, 50), true), // 10 min up, to midnight
		check(at(1, 0, 5), false),  // 2 min down
		check(at(1, 0, 7), true),   // 15 min up
	}
	return events, checks
}

func overdueLookup(e firmware.UsageEvent) firmware.UsageEvent {
	e.Overdue = true
	return e
}

// fixtureReport is the report of days 0 to 4 of reportFixture, counted by
// hand.
func fixtureReport() firmware.Report {
	const (
		lookup    = firmware.KindLookup
		procedure = firmware.KindProcedure
		rating    = firmware.KindRating
		staff     = firmware.KindStaff
	)
	return firmware.Report{
		From:  day(0, 0),
		To:    day(5, 0),
		Total: 18,
		Counts: []firmware.OutcomeCount{
			{Kind: lookup, Outcome: "ok", Count: 5},
			{Kind: lookup, Outcome: firmware.EINVALID, Count: 1},
			{Kind: lookup, Outcome: firmware.ENOTFOUND, Count: 1},
			{Kind: lookup, Outcome: firmware.ETIMEOUT, Count: 1},
			{Kind: lookup, Outcome: firmware.EUNAVAILABLE, Count: 1},
			{Kind: procedure, Outcome: "ok", Count: 2},
			{Kind: procedure, Outcome: firmware.EUNAVAILABLE, Count: 1},
			{Kind: rating, Outcome: "ok", Count: 1},
			{Kind: rating, Outcome: "1", Count: 1},
			{Kind: rating, Outcome: "2", Count: 1},
			{Kind: rating, Outcome: "3", Count: 2},
			{Kind: staff, Outcome: "ok", Count: 1},
			{Kind: firmware.KindVisit, Outcome: "ok", Count: 3},
			{Kind: firmware.KindTamper, Outcome: "ok", Count: 1},
		},
		Visits:  3,
		Tampers: 1,
		// Looked up: A, B, C, D, E; found A, B, D; online A, D; overdue D.
		Dossiers: firmware.DossierCounts{Unique: 5, Found: 3, Online: 2, Overdue: 1, OverdueKnown: 3},
		Ratings:  map[firmware.Rating]int{1: 1, 2: 1, 3: 2},
		Hours: [24]int{
			0: 1, 8: 3, 9: 5, 10: 3, 11: 1, 14: 1, 15: 2, 23: 1,
		},
		PortalObserved: (10 + 10 + 5 + 15 + 15 + 10 + 2 + 15) * time.Minute,
		PortalUp:       (10 + 10 + 15 + 15 + 10 + 15) * time.Minute,
		Unsynced:       1,
	}
}

func loadFixture(t testing.TB, l *Ledger) {
	t.Helper()
	ctx := context.Background()
	events, checks := reportFixture()
	// Out of order, as a queue drained after a restart might write them.
	for i := len(events) - 1; i >= 0; i-- {
		if err := l.Append(ctx, events[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range checks {
		if err := l.RecordPortalCheck(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReport(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t, o.path(t))
			db.Now = func() time.Time { return day(200, 12) }
			l := NewLedger(db)
			loadFixture(t, l)

			want := fixtureReport()
			got, err := l.Report(ctx, want.From, want.To)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Report =\n%+v\nwant\n%+v", got, want)
			}
			if s, _ := got.OnlineShare(); s != 2.0/3 {
				t.Errorf("OnlineShare = %v", s)
			}
			if s, ok := got.OverdueShare(); !ok || s != 1.0/3 {
				t.Errorf("OverdueShare = %v, %v; want 1/3", s, ok)
			}
			if u, _ := got.PortalUptime(); u != 75.0/82 {
				t.Errorf("PortalUptime = %v, want 75/82", u)
			}

			// Day 1 alone: the check at 23:50 on day 0 does not reach it.
			d1, err := l.Report(ctx, day(1, 0), day(2, 0))
			if err != nil {
				t.Fatal(err)
			}
			if d1.Total != 6 || d1.Dossiers != (firmware.DossierCounts{Unique: 3, Found: 2, Online: 2, Overdue: 1, OverdueKnown: 2}) ||
				d1.PortalObserved != 17*time.Minute || d1.PortalUp != 15*time.Minute || d1.Unsynced != 1 {
				t.Errorf("day 1: %+v", d1)
			}

			if _, err := l.Report(ctx, day(1, 0), day(0, 0)); firmware.ErrorCode(err) != firmware.EINVALID {
				t.Errorf("reversed period: %v, want EINVALID", err)
			}

			dash, err := firmware.NewDashboard(ctx, l, at(1, 16, 0))
			if err != nil {
				t.Fatal(err)
			}
			if dash.Today.Total != 6 || dash.Week.Total != 15 || dash.Month.Total != 15 { // days 0 and 1
				t.Errorf("dashboard totals %d, %d, %d; want 6, 15, 15", dash.Today.Total, dash.Week.Total, dash.Month.Total)
			}
		})
	}
}

// The period of a report that is still going on ends now for the portal:
// the last check stands for the time since, not for the hold.
func TestReport_PortalUntilNow(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, MemoryPath)
	db.Now = func() time.Time { return at(0, 9, 4) }
	l := NewLedger(db)
	for _, c := range []firmware.PortalCheck{{At: at(0, 9, 0), Up: true}, {At: at(0, 9, 1), Up: false}} {
		if err := l.RecordPortalCheck(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	r, err := l.Report(ctx, day(0, 0), day(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if r.PortalObserved != 4*time.Minute || r.PortalUp != time.Minute {
		t.Errorf("observed %v, up %v; want 4m, 1m", r.PortalObserved, r.PortalUp)
	}
	if err := l.RecordPortalCheck(ctx, firmware.PortalCheck{}); firmware.ErrorCode(err) != firmware.EINVALID {
		t.Errorf("check without a time: %v, want EINVALID", err)
	}
}

// Compaction folds the old days into roll-ups; reports, summaries and
// totals read both and stay right.
func TestCompact(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t, o.path(t))
			now := at(200, 12, 0)
			db.Now = func() time.Time { return now }
			l := NewLedger(db)
			loadFixture(t, l)
			// Recent events stay raw.
			recent := event(firmware.KindLookup, firmware.OutcomeOK, at(199, 10, 0), ref("F"))
			if err := l.Append(ctx, recent); err != nil {
				t.Fatal(err)
			}
			all := [2]time.Time{day(0, 0), day(201, 0)}
			beforeReport, err := l.Report(ctx, all[0], all[1])
			if err != nil {
				t.Fatal(err)
			}
			beforeSummary, err := summary(ctx, l, all[0], all[1])
			if err != nil {
				t.Fatal(err)
			}
			beforeTotals, err := l.Totals(ctx)
			if err != nil {
				t.Fatal(err)
			}

			st, err := l.Compact(ctx, now, DefaultRetention)
			if err != nil {
				t.Fatal(err)
			}
			// 180 days before day 200, 12:00 is day 20, 12:00; its day
			// begins at midnight.
			if !st.Before.Equal(day(20, 0)) || st.Events != 22 || st.Runs != 7 || st.Days != 4 {
				t.Errorf("Compact = %+v, want before day 20, 22 events, 7 runs, 4 days", st)
			}
			if events := allEvents(t, l); len(events) != 1 || events[0].CodeRef != recent.CodeRef {
				t.Errorf("raw events after Compact: %+v, want the recent one", events)
			}

			after, err := l.Report(ctx, all[0], all[1])
			if err != nil {
				t.Fatal(err)
			}
			// The same, but for dossiers, now summed per day (A was looked
			// up on days 0 and 1), and the days that were rolled up.
			want := beforeReport
			want.Dossiers = firmware.DossierCounts{Unique: 3 + 3 + 1, Found: 2 + 2 + 1, Online: 1 + 2,
				Overdue: 0 + 1 + 0, OverdueKnown: 2 + 2 + 1}
			want.RolledUpDays = 4
			if !reflect.DeepEqual(after, want) {
				t.Errorf("Report after Compact =\n%+v\nwant\n%+v", after, want)
			}
			if s, err := summary(ctx, l, all[0], all[1]); err != nil || s.Total != beforeSummary.Total ||
				!reflect.DeepEqual(s.ByKind, beforeSummary.ByKind) || !reflect.DeepEqual(s.ByOutcome, beforeSummary.ByOutcome) {
				t.Errorf("summary after Compact = %+v, %v; want %+v", s, err, beforeSummary)
			}
			if tot, err := l.Totals(ctx); err != nil || !reflect.DeepEqual(tot, beforeTotals) {
				t.Errorf("Totals after Compact = %+v, %v; want %+v", tot, err, beforeTotals)
			}

			// A rolled-up day counts when its midnight is in the period:
			// day 1 alone still reports, a period from 09:00 on day 0
			// no longer sees day 0.
			d1, err := l.Report(ctx, day(1, 0), day(2, 0))
			if err != nil {
				t.Fatal(err)
			}
			if d1.Total != 6 || d1.PortalObserved != 17*time.Minute || d1.Unsynced != 1 || d1.RolledUpDays != 1 ||
				d1.Dossiers != (firmware.DossierCounts{Unique: 3, Found: 2, Online: 2, Overdue: 1, OverdueKnown: 2}) || d1.Hours[15] != 2 ||
				d1.Visits != 1 || d1.Hours[6] != 0 || d1.Tampers != 1 || d1.Hours[2] != 0 {
				t.Errorf("day 1 after Compact: %+v", d1)
			}
			if r, err := l.Report(ctx, day(0, 9), day(1, 0)); err != nil || r.Total != 0 {
				t.Errorf("part of a rolled-up day: %d events, %v; want 0", r.Total, err)
			}

			// Compacting again changes nothing.
			if st, err := l.Compact(ctx, now, DefaultRetention); err != nil || st.Events != 0 || st.Days != 0 {
				t.Errorf("second Compact = %+v, %v", st, err)
			}
			if again, err := l.Report(ctx, all[0], all[1]); err != nil || !reflect.DeepEqual(again, want) {
				t.Errorf("Report after a second Compact = %+v, %v", again, err)
			}

			// An event that arrives late for a folded day is added to it.
			if err := l.Append(ctx, event(firmware.KindStaff, firmware.OutcomeOK, at(1, 18, 0), "")); err != nil {
				t.Fatal(err)
			}
			if st, err := l.Compact(ctx, now, DefaultRetention); err != nil || st.Events != 1 || st.Days != 1 {
				t.Errorf("Compact of a late event = %+v, %v", st, err)
			}
			if r, err := l.Report(ctx, day(1, 0), day(2, 0)); err != nil || r.Total != 7 || r.Count(firmware.KindStaff, "ok") != 1 {
				t.Errorf("day 1 with the late event: %+v, %v", r, err)
			}
			if _, err := l.Compact(ctx, now, 0); firmware.ErrorCode(err) != firmware.EINVALID {
				t.Errorf("Compact with no retention: %v, want EINVALID", err)
			}
		})
	}
}

// Events of the latest boot that still wait for the clock are not folded:
// the boot may yet sync. Those of earlier boots are.
func TestCompact_WaitsForTheLatestBoot(t *testing.T) {
	ctx := context.Background()
	l := NewLedger(mustOpen(t, MemoryPath))
	old := unsynced("b-old", time.Minute)
	cur := unsynced("b-now", time.Minute)
	for _, e := range []firmware.UsageEvent{old, cur} {
		if err := l.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	st, err := l.Compact(ctx, day(0, 0), DefaultRetention)
	if err != nil {
		t.Fatal(err)
	}
	events := allEvents(t, l)
	if st.Events != 1 || len(events) != 1 || events[0].BootID != "b-now" {
		t.Errorf("Compact = %+v, left %+v; want b-old folded and b-now kept", st, events)
	}
	// Once b-now syncs its event is placed, and can be folded in time.
	if _, err := l.CorrectClock(ctx, "b-now", day(0, 9), 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	if events := allEvents(t, l); len(events) != 1 || !events[0].At.Equal(day(0, 9).Add(-time.Minute)) {
		t.Errorf("after CorrectClock: %+v", events)
	}
}

// The overdue share counts found dossiers that any lookup found overdue,
// among the found dossiers whose lookups said whether they were; a dossier
// only looked up without an answer does not count.
func TestReport_Overdue(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, MemoryPath)
	l := NewLedger(db)
	// A overdue on its second lookup, B not, C overdue, D not found.
	for i, u := range []struct {
		code    string
		outcome string
		overdue bool
	}{{"A", firmware.OutcomeOK, false}, {"A", firmware.OutcomeOK, true}, {"B", firmware.OutcomeOK, false},
		{"C", firmware.OutcomeOK, true}, {"D", firmware.ENOTFOUND, true}} {
		e := event(firmware.KindLookup, u.outcome, day(0, 8+i), ref(u.code))
		e.Overdue = u.overdue
		if err := l.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	var nulls int
	if err := db.write.QueryRow(`SELECT COUNT(*) FROM usage_events WHERE overdue IS NULL`).Scan(&nulls); err != nil || nulls != 1 {
		t.Fatalf("%d events with an unknown overdue, want the not-found one only (%v)", nulls, err)
	}
	want := firmware.DossierCounts{Unique: 4, Found: 3, Overdue: 2, OverdueKnown: 3}
	r, err := l.Report(ctx, day(0, 0), day(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if r.Dossiers != want {
		t.Errorf("Dossiers = %+v, want %+v", r.Dossiers, want)
	}
	if s, ok := r.OverdueShare(); !ok || s != 2.0/3 {
		t.Errorf("OverdueShare = %v, %v", s, ok)
	}
	if _, err := l.Compact(ctx, day(200, 0), DefaultRetention); err != nil {
		t.Fatal(err)
	}
	if r, err := l.Report(ctx, day(0, 0), day(1, 0)); err != nil || r.Dossiers != want {
		t.Errorf("Dossiers after Compact = %+v, %v; want %+v", r.Dossiers, err, want)
	}
}

func TestTotals(t *testing.T) {
	ctx := context.Background()
	l := NewLedger(mustOpen(t, MemoryPath))
	if tot, err := l.Totals(ctx); err != nil || len(tot) != 0 {
		t.Errorf("Totals of an empty ledger = %v, %v", tot, err)
	}
	loadFixture(t, l)
	tot, err := l.Totals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := fixtureReport().Counts; !reflect.DeepEqual(tot, want) {
		t.Errorf("Totals = %v, want %v", tot, want)
	}
}
