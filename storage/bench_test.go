package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// busyDay returns a busy kiosk's events of the day beginning at midnight:
// 300 lookups, 100 procedure views, 40 ratings and 5 staff sign-ins, in
// office hours, with the outcomes, statuses and channels a commune sees.
// Most dossiers are new each day; some come back.
func busyDay(r *rand.Rand, midnight time.Time, n int) []firmware.UsageEvent {
	procedures := []string{"1.001193", "1.000894", "2.000908", "1.004227", "1.001022", "2.001035", "1.003583", "1.000656"}
	boot := fmt.Sprintf("%08x-0000-4000-8000-%012x", n/30, n/30) // a reboot a month
	var events []firmware.UsageEvent
	add := func(kind firmware.EventKind, outcome string) *firmware.UsageEvent {
		at := midnight.Add(7*time.Hour + time.Duration(r.Int64N(int64(10*time.Hour))))
		events = append(events, firmware.UsageEvent{
			Kind: kind, Outcome: outcome, Lang: "vi", At: at, BootID: boot, ClockSynced: true,
			Mono:    at.Sub(midnight) + time.Duration(n%30)*24*time.Hour,
			Latency: time.Duration(100+r.IntN(900)) * time.Millisecond,
		})
		return &events[len(events)-1]
	}
	for range 300 {
		outcome := firmware.OutcomeOK
		switch x := r.IntN(100); {
		case x < 10:
			outcome = firmware.ENOTFOUND
		case x < 15:
			outcome = firmware.EUNAVAILABLE
		case x < 18:
			outcome = firmware.EINVALID
		case x < 20:
			outcome = firmware.ETIMEOUT
		}
		e := add(firmware.KindLookup, outcome)
		if outcome != firmware.EINVALID {
			// One lookup in five is of a dossier from the last weeks.
			code := fmt.Sprintf("H06.13-%d-%d", n, r.IntN(250))
			if r.IntN(5) == 0 {
				code = fmt.Sprintf("H06.13-%d-%d", n-r.IntN(20), r.IntN(250))
			}
			e.CodeRef = ref(code)
		}
		if outcome == firmware.OutcomeOK {
			e.Status = firmware.Status(1 + r.IntN(10))
			e.Procedure = procedures[r.IntN(len(procedures))]
			e.Channel = []firmware.Channel{firmware.ChannelInPerson, firmware.ChannelInPerson, firmware.ChannelOnline, firmware.ChannelPost}[r.IntN(4)]
		}
	}
	for range 100 {
		e := add(firmware.KindProcedure, firmware.OutcomeOK)
		e.Procedure = procedures[r.IntN(len(procedures))]
	}
	for range 40 {
		add(firmware.KindRating, firmware.Rating(1+r.IntN(3)).Outcome())
	}
	for range 5 {
		add(firmware.KindStaff, firmware.OutcomeOK)
	}
	return events
}

// loadYear fills l with a busy kiosk's year ending on the day of last, one
// transaction a day, and a portal check every minute around the clock, one
// transaction a day too (the kiosk has one a check).
func loadYear(tb testing.TB, db *DB, last time.Time, days int) int {
	tb.Helper()
	ctx := context.Background()
	l := NewLedger(db)
	r := rand.New(rand.NewPCG(7, 11))
	first := firmware.DayStart(last).AddDate(0, 0, -(days - 1))
	n := 0
	for d := range days {
		midnight := first.AddDate(0, 0, d)
		events := busyDay(r, midnight, d)
		if err := l.appendBatch(ctx, events); err != nil {
			tb.Fatal(err)
		}
		n += len(events)

		// The portal is down for a while on one day in ten.
		down := -1
		if r.IntN(10) == 0 {
			down = 8*60 + r.IntN(8*60)
		}
		tx, err := db.write.Begin()
		if err != nil {
			tb.Fatal(err)
		}
		for m := range 24 * 60 {
			c := firmware.PortalCheck{At: midnight.Add(time.Duration(m) * time.Minute), ClockSynced: true,
				Up: m < down || m > down+30+r.IntN(90), Latency: time.Duration(80+r.IntN(400)) * time.Millisecond}
			if err := recordPortalCheck(ctx, tx, c); err != nil {
				tb.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			tb.Fatal(err)
		}
	}
	return n
}

func fileSize(tb testing.TB, path string) int64 {
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// BenchmarkReportYear measures the staff dashboard's queries, and the
// year's report and the metrics' totals, over a year of a busy kiosk
// (about 162,000 events and 525,000 portal checks) kept raw, and the year's
// report again once compacted to DefaultRetention.
func BenchmarkReportYear(b *testing.B) {
	ctx := context.Background()
	path := tempPath(b)
	db := mustOpen(b, path)
	now := at(365, 17, 0)
	db.Now = func() time.Time { return now }
	start := time.Now()
	events := loadYear(b, db, now, 365)
	if _, err := db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d events in %v: %.1f MB", events, time.Since(start).Round(time.Millisecond), float64(fileSize(b, path))/1e6)
	l := NewLedger(db)
	today, week, month := firmware.DashboardPeriods(now)
	year := [2]time.Time{firmware.DayStart(now).AddDate(-1, 0, 1), today[1]}

	report := func(p [2]time.Time) func(*testing.B) {
		return func(b *testing.B) {
			var r firmware.Report
			for b.Loop() {
				var err error
				if r, err = l.Report(ctx, p[0], p[1]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/report")
			b.ReportMetric(float64(r.Total), "events")
		}
	}
	b.Run("today", report(today))
	b.Run("7days", report(week))
	b.Run("30days", report(month))
	b.Run("dashboard", func(b *testing.B) {
		for b.Loop() {
			if _, err := firmware.NewDashboard(ctx, l, now); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/dashboard")
	})
	b.Run("year", report(year))
	b.Run("totals", func(b *testing.B) {
		for b.Loop() {
			if _, err := l.Totals(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/scrape")
	})
	b.Run("open", func(b *testing.B) { // what a start costs: integrity_check and all
		for b.Loop() {
			db, err := Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/open")
	})
	b.Run("integrity_check", func(b *testing.B) {
		for b.Loop() {
			var s string
			if err := db.read.QueryRow(`PRAGMA integrity_check`).Scan(&s); err != nil || s != "ok" {
				b.Fatal(s, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/check")
	})
	b.Run("compact", func(b *testing.B) {
		var st CompactStats
		for b.Loop() {
			var err error
			if st, err = l.Compact(ctx, now, DefaultRetention); err != nil {
				b.Fatal(err)
			}
		}
		_ = st
	})
	b.Run("year_compacted", report(year))
	b.Run("30days_compacted", report(month))
}

// BenchmarkLedgerBytes measures what the ledger costs on disk: bytes per
// 1,000 lookups kept raw (rows and indexes), and per day of a busy kiosk
// once compacted into roll-ups.
func BenchmarkLedgerBytes(b *testing.B) {
	ctx := context.Background()
	used := func(db *DB) int64 {
		var pages, free, size int64
		db.write.QueryRow(`PRAGMA page_count`).Scan(&pages)
		db.write.QueryRow(`PRAGMA freelist_count`).Scan(&free)
		db.write.QueryRow(`PRAGMA page_size`).Scan(&size)
		return (pages - free) * size
	}
	const days = 30
	var perLookups, perDay float64
	for b.Loop() {
		db, err := Open(ctx, MemoryPath)
		if err != nil {
			b.Fatal(err)
		}
		l := NewLedger(db)
		r := rand.New(rand.NewPCG(3, 5))
		empty := used(db)
		lookups := 0
		for d := range days {
			var only []firmware.UsageEvent
			for _, e := range busyDay(r, day(d, 0), d) {
				if e.Kind == firmware.KindLookup {
					only = append(only, e)
				}
			}
			if err := l.appendBatch(ctx, only); err != nil {
				b.Fatal(err)
			}
			lookups += len(only)
		}
		raw := used(db)
		perLookups = float64(raw-empty) / float64(lookups) * 1000

		// A busy day of every kind, compacted.
		db2, err := Open(ctx, MemoryPath)
		if err != nil {
			b.Fatal(err)
		}
		l2 := NewLedger(db2)
		for d := range days {
			if err := l2.appendBatch(ctx, busyDay(r, day(d, 0), d)); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := l2.Compact(ctx, day(days+400, 0), DefaultRetention); err != nil {
			b.Fatal(err)
		}
		var rows int
		db2.write.QueryRow(`SELECT COUNT(*) FROM usage_events`).Scan(&rows)
		if rows != 0 {
			b.Fatalf("%d raw rows left", rows)
		}
		// Deleted rows leave free pages and half-empty index pages; what
		// the roll-ups take is measured in a copy without them.
		if _, err := db2.write.Exec(`VACUUM`); err != nil {
			b.Fatal(err)
		}
		perDay = float64(used(db2)-empty) / days
		db.Close()
		db2.Close()
	}
	b.ReportMetric(perLookups, "B/1000lookups")
	b.ReportMetric(perDay, "B/rolled-up-day")
}
