package storage

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// ict is Vietnam's time, fixed so the tests need no time zone database.
var ict = time.FixedZone("ICT", 7*3600)

// day returns hour o'clock on the n-th day after 4 November 2024, in ICT.
func day(n, hour int) time.Time {
	return time.Date(2024, 11, 4+n, hour, 0, 0, 0, ict)
}

var testKey = []byte("per-device secret for tests only")

// ref is what the kiosk stores for a dossier code: hex HMAC-SHA256 with the
// device's key (DESIGN §8).
func ref(code string) string {
	m := hmac.New(sha256.New, testKey)
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

func event(kind firmware.EventKind, outcome string, at time.Time, codeRef string) firmware.UsageEvent {
	return firmware.UsageEvent{
		Kind:        kind,
		Outcome:     outcome,
		CodeRef:     codeRef,
		At:          at,
		Lang:        "vi",
		BootID:      "boot-1",
		ClockSynced: true,
	}
}

func allEvents(t *testing.T, l *Ledger) []firmware.UsageEvent {
	t.Helper()
	events, err := l.Events(context.Background(), time.UnixMilli(0), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// usageSummary is a period's counts as the ledger tests compare them,
// read from the staff report.
type usageSummary struct {
	From, To       time.Time
	Total          int // uses (EventKind.IsUse); ByKind counts every kind
	ByKind         map[firmware.EventKind]int
	ByOutcome      map[string]int // lookups only
	UniqueDossiers int            // distinct CodeRefs among lookups
}

// summary counts the events with from <= At < to through r's Report.
func summary(ctx context.Context, r firmware.Reporter, from, to time.Time) (usageSummary, error) {
	s := usageSummary{From: from, To: to, ByKind: map[firmware.EventKind]int{}, ByOutcome: map[string]int{}}
	rep, err := r.Report(ctx, from, to)
	if err != nil {
		return s, err
	}
	for _, c := range rep.Counts {
		s.ByKind[c.Kind] += c.Count
		if c.Kind == firmware.KindLookup {
			s.ByOutcome[c.Outcome] += c.Count
		}
	}
	s.Total, s.UniqueDossiers = rep.Total, rep.Dossiers.Unique
	return s, nil
}

func TestLedger_Counts(t *testing.T) {
	const (
		lookup    = firmware.KindLookup
		procedure = firmware.KindProcedure
		rating    = firmware.KindRating
		staff     = firmware.KindStaff
	)
	a, b, c, d, e := ref("000.00.13.H06-241104-0001"), ref("000.00.13.H06-241104-0002"),
		ref("000.00.13.H06-241105-0003"), ref("000.00.13.H06-241106-0004"), ref("000.00.13.H06-241106-0005")
	events := []firmware.UsageEvent{
		// Day 0: two dossiers looked up.
		event(lookup, "ok", day(0, 8), a),
		event(lookup, firmware.ENOTFOUND, day(0, 9), b),
		event(procedure, "ok", day(0, 10), ""),
		event(rating, "ok", day(0, 11), ""),
		// Day 1: a comes back, c is new, two lookups never got a code
		// hashed, and the last event is just before midnight.
		event(lookup, "ok", day(1, 8), a),
		event(lookup, "ok", day(1, 9), c),
		event(lookup, firmware.EUNAVAILABLE, day(1, 10), ""),
		event(lookup, firmware.EINVALID, day(1, 11), ""),
		event(procedure, "ok", day(1, 14), ""),
		event(staff, "ok", day(2, 0).Add(-time.Millisecond), ""),
		// Day 2: a rating that carries a dossier ref must not count as a
		// looked-up dossier, and a failed procedure view is not a lookup
		// outcome.
		event(lookup, firmware.ESECRETREQUIRED, day(2, 8), d),
		event(rating, "ok", day(2, 9), e),
		event(procedure, firmware.EUNAVAILABLE, day(2, 10), ""),
	}

	tests := []struct {
		name     string
		from, to time.Time
		want     usageSummary
	}{
		{"three days", day(0, 0), day(3, 0), usageSummary{
			Total:  13,
			ByKind: map[firmware.EventKind]int{lookup: 7, procedure: 3, rating: 2, staff: 1},
			ByOutcome: map[string]int{"ok": 3, firmware.ENOTFOUND: 1, firmware.EUNAVAILABLE: 1,
				firmware.EINVALID: 1, firmware.ESECRETREQUIRED: 1},
			UniqueDossiers: 4,
		}},
		{"day 0", day(0, 0), day(1, 0), usageSummary{
			Total:          4,
			ByKind:         map[firmware.EventKind]int{lookup: 2, procedure: 1, rating: 1},
			ByOutcome:      map[string]int{"ok": 1, firmware.ENOTFOUND: 1},
			UniqueDossiers: 2,
		}},
		{"day 1", day(1, 0), day(2, 0), usageSummary{
			Total:          6,
			ByKind:         map[firmware.EventKind]int{lookup: 4, procedure: 1, staff: 1},
			ByOutcome:      map[string]int{"ok": 2, firmware.EUNAVAILABLE: 1, firmware.EINVALID: 1},
			UniqueDossiers: 2,
		}},
		{"day 2", day(2, 0), day(3, 0), usageSummary{
			Total:          3,
			ByKind:         map[firmware.EventKind]int{lookup: 1, procedure: 1, rating: 1},
			ByOutcome:      map[string]int{firmware.ESECRETREQUIRED: 1},
			UniqueDossiers: 1,
		}},
		{"days 1 and 2, from 09:00", day(1, 9), day(3, 0), usageSummary{
			Total:          8,
			ByKind:         map[firmware.EventKind]int{lookup: 4, procedure: 2, rating: 1, staff: 1},
			ByOutcome:      map[string]int{"ok": 1, firmware.EUNAVAILABLE: 1, firmware.EINVALID: 1, firmware.ESECRETREQUIRED: 1},
			UniqueDossiers: 2,
		}},
		{"the week before", day(-7, 0), day(0, 0), usageSummary{
			ByKind: map[firmware.EventKind]int{}, ByOutcome: map[string]int{},
		}},
		{"empty period", day(1, 9), day(1, 9), usageSummary{
			ByKind: map[firmware.EventKind]int{}, ByOutcome: map[string]int{},
		}},
	}

	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			l := NewLedger(mustOpen(t, o.path(t)))
			// Appended out of order: the ledger must not depend on it.
			for i := len(events) - 1; i >= 0; i-- {
				if err := l.Append(ctx, events[i]); err != nil {
					t.Fatal(err)
				}
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, err := summary(ctx, l, tt.from, tt.to)
					if err != nil {
						t.Fatal(err)
					}
					tt.want.From, tt.want.To = tt.from, tt.to
					if !reflect.DeepEqual(got, tt.want) {
						t.Errorf("summary =\n%+v\nwant\n%+v", got, tt.want)
					}
				})
			}
		})
	}
}

// From is inclusive and To exclusive, to the millisecond, so that adjacent
// days split the events between them without loss or double counting.
func TestLedger_Boundaries(t *testing.T) {
	ctx := context.Background()
	l := NewLedger(mustOpen(t, tempPath(t)))
	from, to := day(1, 0), day(2, 0)
	ms := time.Millisecond
	for _, at := range []time.Time{from.Add(-ms), from, from.Add(ms), to.Add(-ms), to, to.Add(ms)} {
		if err := l.Append(ctx, event(firmware.KindProcedure, "ok", at, "")); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		from, to time.Time
		want     int
	}{
		{from, to, 3},
		{from.Add(-ms), from, 1},
		{to, to.Add(2 * ms), 2},
		{from.Add(ms), to.Add(-ms), 1},
		{from, from.Add(ms), 1},
	} {
		s, err := summary(ctx, l, tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		events, err := l.Events(ctx, tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		if s.Total != tt.want || len(events) != tt.want {
			t.Errorf("[%v, %v): Summary.Total = %d, len(Events) = %d, want %d",
				tt.from.Format("15:04:05.000"), tt.to.Format("15:04:05.000"), s.Total, len(events), tt.want)
		}
		for _, e := range events {
			if e.At.Before(tt.from) || !e.At.Before(tt.to) {
				t.Errorf("[%v, %v): event at %v", tt.from, tt.to, e.At)
			}
		}
	}

	if _, err := summary(ctx, l, to, from); firmware.ErrorCode(err) != firmware.EINVALID {
		t.Errorf("summary over a reversed period: %v, want EINVALID", err)
	}
	if _, err := l.Events(ctx, to, from); firmware.ErrorCode(err) != firmware.EINVALID {
		t.Errorf("Events over a reversed period: %v, want EINVALID", err)
	}
}

func TestLedger_RoundTrip(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			l := NewLedger(mustOpen(t, o.path(t)))
			in := []firmware.UsageEvent{{
				Kind:        firmware.KindLookup,
				Outcome:     firmware.OutcomeOK,
				Status:      firmware.StatusMorePapers,
				Procedure:   "1.001193",
				Channel:     firmware.ChannelOnline,
				Lang:        "en",
				CodeRef:     ref("000.00.13.H06-241105-0042"),
				Latency:     1234*time.Millisecond + 567*time.Microsecond,
				At:          day(1, 9).Add(123*time.Millisecond + 456*time.Microsecond),
				Mono:        42*time.Hour + 5*time.Millisecond + 9*time.Microsecond,
				BootID:      "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
				ClockSynced: true,
			}, {
				// Taken before NTP: the wall clock is the Pi's 1970 guess.
				Kind:    firmware.KindRating,
				Outcome: firmware.OutcomeOK,
				At:      time.Unix(60, 0),
				Mono:    61 * time.Second,
				BootID:  "boot-0",
			}}
			for _, e := range in {
				if err := l.Append(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			got := allEvents(t, l)
			if len(got) != 2 {
				t.Fatalf("got %d events, want 2", len(got))
			}
			// In time order: the 1970 event first.
			want := []firmware.UsageEvent{in[1], in[0]}
			for i := range want {
				w := &want[i]
				if got[i].ID == 0 {
					t.Errorf("event %d: no ID", i)
				}
				w.ID = got[i].ID
				w.At = w.At.Truncate(time.Millisecond).UTC()
				w.Latency = w.Latency.Truncate(time.Millisecond)
				w.Mono = w.Mono.Truncate(time.Millisecond)
				if !reflect.DeepEqual(got[i], *w) {
					t.Errorf("event %d =\n%+v\nwant\n%+v", i, got[i], *w)
				}
			}
			if got[0].ID == got[1].ID {
				t.Error("two events share an ID")
			}
		})
	}
}

func TestLedger_Invalid(t *testing.T) {
	ok := event(firmware.KindLookup, "ok", day(0, 9), ref("x"))
	tests := map[string]func(*firmware.UsageEvent){
		"no kind":    func(e *firmware.UsageEvent) { e.Kind = "" },
		"no outcome": func(e *firmware.UsageEvent) { e.Outcome = "" },
		"no time":    func(e *firmware.UsageEvent) { e.At = time.Time{} },
		"status 11":  func(e *firmware.UsageEvent) { e.Status = 11 },
		// The privacy rule: a plain dossier code must never reach the disk.
		"plain code":      func(e *firmware.UsageEvent) { e.CodeRef = "000.00.13.H06-241105-0042" },
		"upper-case hash": func(e *firmware.UsageEvent) { e.CodeRef = strings.ToUpper(e.CodeRef) },
		"truncated hash":  func(e *firmware.UsageEvent) { e.CodeRef = e.CodeRef[:32] },
	}
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			l := NewLedger(mustOpen(t, o.path(t)))
			for name, spoil := range tests {
				e := ok
				spoil(&e)
				want := e.Validate()
				if want == nil {
					t.Fatalf("%s: Validate accepted it; the test is wrong", name)
				}
				err := l.Append(ctx, e)
				if firmware.ErrorCode(err) != firmware.EINVALID {
					t.Errorf("%s: Append = %v, want EINVALID", name, err)
					continue
				}
				// Unchanged: the same code and message Validate gives.
				var fe *firmware.Error
				if !errors.As(err, &fe) || fe.Message != firmware.ErrorMessage(want) {
					t.Errorf("%s: Append = %v, want Validate's %v", name, err, want)
				}
			}
			if events := allEvents(t, l); len(events) != 0 {
				t.Errorf("refused events were written: %+v", events)
			}
			if s, err := summary(ctx, l, time.UnixMilli(0), day(100, 0)); err != nil || s.Total != 0 {
				t.Errorf("summary after refusals = %+v, %v; want nothing", s, err)
			}
			// And the good event still goes in.
			if err := l.Append(ctx, ok); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// The table refuses a plain code even from a writer that skips Validate.
func TestUsageEvents_CheckRefusesPlainCode(t *testing.T) {
	db := mustOpen(t, MemoryPath)
	for _, codeRef := range []string{"000.00.13.H06-241105-0042", "ABCDEF" + ref("x")[6:], ref("x") + "0"} {
		if _, err := db.write.Exec(`INSERT INTO usage_events (kind, outcome, at_unix_ms, code_ref) VALUES ('lookup', 'ok', 1, ?)`,
			codeRef); err == nil {
			t.Errorf("table accepted code_ref %q", codeRef)
		}
	}
	if _, err := db.write.Exec(`INSERT INTO usage_events (kind, outcome, at_unix_ms, code_ref) VALUES ('lookup', 'ok', 1, ?)`,
		ref("x")); err != nil {
		t.Errorf("table refused a hash: %v", err)
	}
}

// DESIGN §8: no plain codes in the database. Look at the bytes on disk, the
// WAL included, not at what SQL returns.
func TestLedger_NoPlainCodesOnDisk(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLedger(db)

	codes := []string{
		"000.00.13.H06-241105-0042",
		"000.00.13.H06-241105-0043",
		"000.22.05.H06-241106-1234",
		"H06.13-241107-0007",
	}
	for i, code := range codes {
		for j := range 3 {
			e := event(firmware.KindLookup, "ok", day(i, 8+j), ref(code))
			e.Status = firmware.StatusInProgress
			if err := l.Append(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		// A caller that slips the code itself in is refused before the disk.
		if err := l.Append(ctx, event(firmware.KindLookup, "ok", day(i, 12), code)); firmware.ErrorCode(err) != firmware.EINVALID {
			t.Fatalf("plain code accepted: %v", err)
		}
	}

	check := func(when string, files ...string) {
		t.Helper()
		var all []byte
		for _, f := range files {
			buf, err := os.ReadFile(f)
			if errors.Is(err, os.ErrNotExist) {
				continue
			} else if err != nil {
				t.Fatal(err)
			}
			all = append(all, buf...)
			for _, code := range codes {
				if bytes.Contains(buf, []byte(code)) {
					t.Errorf("%s: %s holds the plain code %s", when, filepath.Base(f), code)
				}
			}
		}
		// Prove the scan looked where the events are.
		for _, code := range codes {
			if !bytes.Contains(all, []byte(ref(code))) {
				t.Errorf("%s: the hash of %s is not in %v: the test read the wrong files", when, code, files)
			}
		}
	}

	// While open, the events sit in the WAL.
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no WAL while open: %v", err)
	}
	check("open", path, path+"-wal", path+"-shm")

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	check("closed", path, path+"-wal", path+"-shm")
}

func TestLedger_ConcurrentAppends(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			l := NewLedger(mustOpen(t, o.path(t)))
			const writers, each = 6, 20
			var wg sync.WaitGroup
			errs := make(chan error, writers*each)
			for w := range writers {
				wg.Go(func() {
					for i := range each {
						e := event(firmware.KindLookup, "ok", day(0, 8).Add(time.Duration(w*each+i)*time.Second),
							ref(fmt.Sprintf("w%d-%d", w, i)))
						if err := l.Append(ctx, e); err != nil {
							errs <- err
						}
					}
				})
			}
			// Readers at the same time must neither fail nor block writers.
			wg.Go(func() {
				for range 20 {
					if _, err := summary(ctx, l, day(0, 0), day(1, 0)); err != nil {
						errs <- err
					}
				}
			})
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}

			s, err := summary(ctx, l, day(0, 0), day(1, 0))
			if err != nil {
				t.Fatal(err)
			}
			if s.Total != writers*each || s.UniqueDossiers != writers*each {
				t.Errorf("summary = %+v, want %d events and dossiers", s, writers*each)
			}
			ids := map[int64]bool{}
			for _, e := range allEvents(t, l) {
				ids[e.ID] = true
			}
			if len(ids) != writers*each {
				t.Errorf("%d distinct IDs, want %d", len(ids), writers*each)
			}
		})
	}
}

// A database that refuses the write is EINTERNAL, still unwrapping to the
// cause.
func TestLedger_DiskError(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, tempPath(t))
	if err != nil {
		t.Fatal(err)
	}
	l := NewLedger(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	err = l.Append(ctx, event(firmware.KindStaff, "ok", day(0, 9), ""))
	if firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("Append on a closed database: code %q (%v), want EINTERNAL", firmware.ErrorCode(err), err)
	}
	if err == nil || !strings.HasPrefix(err.Error(), "storage: append: ") {
		t.Errorf("Append error %q, want it prefixed storage: append:", err)
	}
	if _, err := summary(ctx, l, day(0, 0), day(1, 0)); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("summary on a closed database: %v, want EINTERNAL", err)
	}

	db2 := mustOpen(t, MemoryPath)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	err = NewLedger(db2).Append(cancelled, event(firmware.KindStaff, "ok", day(0, 9), ""))
	if firmware.ErrorCode(err) != firmware.EINTERNAL || !errors.Is(err, context.Canceled) {
		t.Errorf("Append with a cancelled context: %v, want EINTERNAL wrapping context.Canceled", err)
	}
}

// BenchmarkAppend measures durable appends to a file (synchronous=FULL): the
// rate the kiosk could log at, bounded by the disk's flushes.
func BenchmarkAppend(b *testing.B) {
	ctx := context.Background()
	l := NewLedger(mustOpen(b, tempPath(b)))
	e := event(firmware.KindLookup, "ok", day(0, 8), ref("000.00.13.H06-241105-0042"))
	e.Latency = 350 * time.Millisecond
	for b.Loop() {
		e.At = e.At.Add(time.Second)
		if err := l.Append(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
