package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// fastRetry keeps the tests' backoff short.
func fastRetry(o WriterOpts) *WriterOpts {
	o.RetryMin, o.RetryMax = 2*time.Millisecond, 20*time.Millisecond
	return &o
}

func closeWriter(tb testing.TB, w *Writer) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.Close(ctx); err != nil {
		tb.Error(err)
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// marked is an event told apart from the others by its Mono.
func marked(i int) firmware.UsageEvent {
	e := event(firmware.KindLookup, firmware.OutcomeOK, day(0, 8).Add(time.Duration(i)*time.Second), ref(fmt.Sprint(i)))
	e.Mono = time.Duration(i+1) * time.Millisecond
	return e
}

// monos returns the Mono of every event on disk, in ms.
func monos(t *testing.T, db *DB) map[int64]bool {
	t.Helper()
	rows, err := db.read.Query(`SELECT mono_ms FROM usage_events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[int64]bool{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		m[v] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriter_AppendFlush(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t, o.path(t))
			var mu sync.Mutex
			var acked []firmware.UsageEvent
			opts := DefaultWriterOpts
			opts.BatchSize = 7
			opts.Committed = func(events []firmware.UsageEvent) {
				mu.Lock()
				acked = append(acked, events...)
				mu.Unlock()
			}
			w := NewWriter(NewLedger(db), &opts)
			defer closeWriter(t, w)

			const n = 100
			for i := range n {
				if err := w.Append(ctx, marked(i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if d := w.QueueDepth(); d != 0 {
				t.Errorf("QueueDepth after Flush = %d", d)
			}
			if st := w.LedgerState(); !st.OK() || st.Capacity != DefaultWriterOpts.QueueSize {
				t.Errorf("LedgerState = %+v", st)
			}
			s, err := summary(ctx, w.l, day(0, 0), day(1, 0))
			if err != nil || s.Total != n {
				t.Errorf("summary = %+v, %v; want %d events", s, err, n)
			}

			// Committed saw every event once, in order, with its ID.
			mu.Lock()
			defer mu.Unlock()
			if len(acked) != n {
				t.Fatalf("Committed saw %d events, want %d", len(acked), n)
			}
			for i, e := range acked {
				if e.Mono != marked(i).Mono || e.ID == 0 || (i > 0 && e.ID <= acked[i-1].ID) {
					t.Fatalf("acked[%d] = %+v", i, e)
				}
			}
		})
	}
}

func TestWriter_Invalid(t *testing.T) {
	w := NewWriter(NewLedger(mustOpen(t, MemoryPath)), nil)
	defer closeWriter(t, w)
	e := marked(1)
	e.CodeRef = "000.00.13.H06-241105-0042"
	if err := w.Append(context.Background(), e); firmware.ErrorCode(err) != firmware.EINVALID {
		t.Errorf("Append of a plain code = %v, want EINVALID", err)
	}
	if w.QueueDepth() != 0 {
		t.Error("an invalid event was queued")
	}
}

// The screens never wait on the disk: Append returns while the writer is
// stuck behind a lock another process holds.
// lockWrites holds the database's write lock from a second connection, as
// a stuck writer elsewhere would, until the returned func is called.
func lockWrites(t *testing.T, db *DB) (unlock func()) {
	t.Helper()
	ctx := context.Background()
	other := mustOpen(t, db.path)
	conn, err := other.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
			t.Fatal(err)
		}
		conn.Close()
	}
}

func TestWriter_AppendDoesNotWait(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	unlock := lockWrites(t, db)
	w := NewWriter(NewLedger(db), fastRetry(DefaultWriterOpts))
	defer closeWriter(t, w)

	start := time.Now()
	for i := range 1000 {
		if err := w.Append(ctx, marked(i)); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("1000 appends took %v while the disk was locked", d)
	}
	if w.QueueDepth() == 0 {
		t.Error("nothing queued while the disk was locked")
	}
	unlock()
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := w.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	if got := len(monos(t, db)); got != 1000 {
		t.Errorf("%d events on disk, want 1000", got)
	}
}

// The queue starts small and grows while the disk is locked, from a ring
// whose start has moved and wrapped: every event reaches the disk, in the
// order it was appended.
func TestWriter_QueueGrowsInOrder(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	w := NewWriter(NewLedger(db), fastRetry(DefaultWriterOpts))
	defer closeWriter(t, w)
	for i := range 50 {
		if err := w.Append(ctx, marked(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	unlock := lockWrites(t, db)
	for i := 50; i < 1050; i++ {
		if err := w.Append(ctx, marked(i)); err != nil {
			t.Fatal(err)
		}
	}
	if st := w.LedgerState(); st.Capacity != DefaultWriterOpts.QueueSize || st.Queued == 0 {
		t.Errorf("state while locked: %+v", st)
	}
	unlock()
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := w.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	rows, err := db.read.Query(`SELECT mono_ms FROM usage_events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for ; rows.Next(); n++ {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			t.Fatal(err)
		}
		if ms != int64(n+1) {
			t.Fatalf("event %d on disk is event %d", n, ms-1)
		}
	}
	if n != 1050 {
		t.Errorf("%d events on disk, want 1050", n)
	}
}

// diskTrouble runs the writer against a database made to refuse writes by
// spoil, checks the alert and the bounded queue, then lets the disk
// recover and checks that every accepted event got to disk.
func diskTrouble(t *testing.T, want firmware.LedgerAlert, spoil, heal string) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	opts := DefaultWriterOpts
	opts.QueueSize = 50
	opts.BatchSize = 10
	w := NewWriter(NewLedger(db), fastRetry(opts))
	defer closeWriter(t, w)

	// Some events before the trouble.
	for i := range 5 {
		if err := w.Append(ctx, marked(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	// The pool has one connection, so this is the writer's own.
	if _, err := db.write.ExecContext(ctx, spoil); err != nil {
		t.Fatal(err)
	}
	// Enough events to need new pages, fewer than the queue holds.
	accepted := map[int64]bool{}
	for i := 5; i < 5+40; i++ {
		e := marked(i)
		if err := w.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
		accepted[e.Mono.Milliseconds()] = true
	}
	waitFor(t, "the alert", func() bool { return w.LedgerState().Alert == want })

	// Fill the queue: once full, Append refuses with a clear error and
	// never blocks.
	full := 0
	for i := 45; i < 200; i++ {
		e := marked(i)
		err := w.Append(ctx, e)
		switch {
		case err == nil:
			accepted[e.Mono.Milliseconds()] = true
		case errors.Is(err, ErrQueueFull) && firmware.ErrorCode(err) == firmware.EINTERNAL:
			full++
		default:
			t.Fatalf("Append: %v", err)
		}
	}
	st := w.LedgerState()
	t.Logf("state while refused: %+v", st)
	if st.Alert != want || st.Queued != 50 || st.Dropped != full || full == 0 || st.Since.IsZero() || st.Err == "" {
		t.Errorf("LedgerState = %+v (%d refused), want %s with a full queue", st, full, want)
	}
	if st.OK() {
		t.Error("OK() while the disk refuses")
	}
	shortCtx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	err := w.Flush(shortCtx)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Flush while refused = %v, want a deadline error", err)
	}
	t.Log(err)
	// The writer still answers the watchdog while it waits to retry.
	pctx, cancel := context.WithTimeout(ctx, time.Second)
	if err := w.Ping(pctx); err != nil {
		t.Errorf("Ping while refused: %v", err)
	}
	cancel()

	if _, err := db.write.ExecContext(ctx, heal); err != nil {
		t.Fatal(err)
	}
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := w.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	if st := w.LedgerState(); st.Alert != firmware.LedgerAlertNone || st.Queued != 0 || st.Err != "" {
		t.Errorf("after recovery: %+v", st)
	}
	onDisk := monos(t, db)
	for m := range accepted {
		if !onDisk[m] {
			t.Errorf("accepted event %d is not on disk", m)
		}
	}
	if len(onDisk) != 5+len(accepted) {
		t.Errorf("%d events on disk, want %d", len(onDisk), 5+len(accepted))
	}
}

// A full disk, simulated with max_page_count: SQLite then fails exactly
// as it does on a full card, with SQLITE_FULL.
func TestWriter_DiskFull(t *testing.T) {
	diskTrouble(t, firmware.LedgerDiskFull,
		`PRAGMA max_page_count = 1`, // clamps to the current size
		`PRAGMA max_page_count = 1073741823`)
}

// A database that cannot be written, simulated with query_only, which
// fails writes with SQLITE_READONLY as a read-only file does.
func TestWriter_ReadOnly(t *testing.T) {
	diskTrouble(t, firmware.LedgerReadOnly, `PRAGMA query_only = 1`, `PRAGMA query_only = 0`)
}

// A row the database refuses must not hold the queue for ever: it is
// dropped, counted, and the events around it are written.
func TestWriter_RefusedRow(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	if _, err := db.write.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON usage_events
		WHEN NEW.lang = 'xx' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`); err != nil {
		t.Fatal(err)
	}
	w := NewWriter(NewLedger(db), fastRetry(DefaultWriterOpts))
	defer closeWriter(t, w)
	for i := range 20 {
		e := marked(i)
		if i == 7 {
			e.Lang = "xx"
		}
		if err := w.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := w.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	onDisk := monos(t, db)
	if len(onDisk) != 19 || onDisk[marked(7).Mono.Milliseconds()] {
		t.Errorf("on disk: %v, want all but event 7", onDisk)
	}
	if st := w.LedgerState(); st.Dropped != 1 || st.Alert != firmware.LedgerAlertNone {
		t.Errorf("LedgerState = %+v, want one dropped and no alert", st)
	}
}

func TestWriter_Close(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	w := NewWriter(NewLedger(db), nil)
	for i := range 500 {
		if err := w.Append(ctx, marked(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(monos(t, db)); got != 500 {
		t.Errorf("%d events on disk after Close, want 500", got)
	}
	err := w.Append(ctx, marked(600))
	if !errors.Is(err, ErrWriterClosed) || firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("Append after Close = %v", err)
	}
	if err := w.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := w.Ping(ctx); !errors.Is(err, ErrWriterClosed) {
		t.Errorf("Ping after Close = %v", err)
	}
}

// Close gives up when ctx ends while the disk refuses, and says how many
// events it leaves.
func TestWriter_CloseWhileRefused(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	w := NewWriter(NewLedger(db), fastRetry(DefaultWriterOpts))
	if _, err := db.write.Exec(`PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := w.Append(ctx, marked(i)); err != nil {
			t.Fatal(err)
		}
	}
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := w.Close(cctx)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("Close = %v after %v, want an error soon", err, time.Since(start))
	}
	t.Log(err)
}

func TestWriter_RecoveryAlert(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	w := NewWriter(NewLedger(db), nil)
	defer closeWriter(t, w)
	rec := &firmware.LedgerRecovery{At: day(0, 7).UTC(), MovedTo: "/data/kiosk.db.corrupt-x", Reason: "test"}
	if err := db.setRecovery(ctx, rec); err != nil {
		t.Fatal(err)
	}
	st := w.LedgerState()
	if st.Alert != firmware.LedgerRecovered || st.Recovery == nil || *st.Recovery != *rec {
		t.Errorf("LedgerState = %+v, want the recovery", st)
	}
	if err := w.DismissRecovery(ctx); err != nil {
		t.Fatal(err)
	}
	if st := w.LedgerState(); !st.OK() || st.Recovery != nil {
		t.Errorf("after dismissal: %+v", st)
	}
}

// BenchmarkWriterAppend measures sustained batched appends to a file with
// synchronous=FULL: the appender refills the queue as fast as the writer
// drains it, so events/s is the writer's throughput.
func BenchmarkWriterAppend(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b, tempPath(b))
	w := NewWriter(NewLedger(db), nil)
	e := marked(1)
	e.Status, e.Procedure, e.Channel = firmware.StatusInProgress, "1.001193", firmware.ChannelOnline
	e.Latency, e.BootID = 350*time.Millisecond, "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"
	i := 0
	for b.Loop() {
		i++
		e.Mono = time.Duration(i) * time.Millisecond
		for {
			err := w.Append(ctx, e)
			if err == nil {
				break
			} else if !errors.Is(err, ErrQueueFull) {
				b.Fatal(err)
			}
			time.Sleep(50 * time.Microsecond)
		}
	}
	if err := w.Close(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
