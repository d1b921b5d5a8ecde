package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// ErrQueueFull is in the chain of the error Writer.Append returns when the
// queue is full: the disk has refused events for so long that the queue
// filled, and the event is dropped.
var ErrQueueFull = errors.New("storage: ledger queue full")

// ErrWriterClosed is in the chain of the error Writer.Append returns after
// Close.
var ErrWriterClosed = errors.New("storage: ledger writer closed")

// WriterOpts configures a Writer. Zero fields take DefaultWriterOpts'.
type WriterOpts struct {
	// QueueSize bounds the events held in memory while the disk is slow or
	// refuses them. At about 200 bytes an event, 10,000 events are 2 MB:
	// days of a busy kiosk, well within a Pi Zero's memory.
	QueueSize int
	// BatchSize bounds the events written in one transaction.
	BatchSize int
	// RetryMin and RetryMax bound the wait between attempts while the disk
	// refuses writes; it doubles after each failure.
	RetryMin, RetryMax time.Duration
	// Committed, when set, is called on the writer's goroutine after each
	// commit with the events now on disk, IDs set, in the order they were
	// appended. It must return quickly and must not keep the slice.
	Committed func(events []firmware.UsageEvent)
	// Log receives the writer's alerts; nil discards them.
	Log *slog.Logger
}

// DefaultWriterOpts are the options a nil *WriterOpts stands for.
var DefaultWriterOpts = WriterOpts{
	QueueSize: 10000,
	BatchSize: 1000,
	RetryMin:  100 * time.Millisecond,
	RetryMax:  30 * time.Second,
}

// Writer is the usage ledger as the kiosk's screens use it: Append puts the
// event in a bounded queue in memory and returns at once, and one goroutine
// writes the queue to the Ledger in batches, one transaction each, so that
// no screen ever waits for the SD card and a burst costs one disk flush.
//
// An event is acknowledged when its transaction has committed: Flush
// returns, or WriterOpts.Committed is called. From then on it survives the
// process being killed and, with synchronous=FULL, the power being cut.
// Events still queued when the process dies are lost; the queue holds them
// for milliseconds while the disk works.
//
// When the disk refuses a write (full, read-only, failing), the events stay
// queued and the writer retries with a growing wait; LedgerState names the
// trouble for staff. When the queue is full, Append drops the event and says
// so (ErrQueueFull); when the disk accepts writes again the queue drains.
type Writer struct {
	l    *Ledger
	opts WriterOpts
	log  *slog.Logger

	mu       sync.Mutex
	buf      []firmware.UsageEvent // ring, grown up to QueueSize
	head, n  int
	accepted uint64 // events Append ever took
	settled  uint64 // of those, events written or refused by the database
	closing  bool
	alert    firmware.LedgerAlert
	since    time.Time
	lastErr  string
	dropped  int
	progress chan struct{} // closed and replaced whenever settled grows

	wake   chan struct{} // an event was queued; capacity 1
	ping   chan chan struct{}
	stop   chan struct{} // closed by Close: return once idle
	done   chan struct{} // closed when the goroutine has returned
	cancel context.CancelFunc
}

var (
	_ firmware.Ledger        = (*Writer)(nil)
	_ firmware.LedgerMonitor = (*Writer)(nil)
)

// NewWriter starts a writer that appends to l. opts may be nil. Close it to
// write what is queued and stop its goroutine, before the database closes.
func NewWriter(l *Ledger, opts *WriterOpts) *Writer {
	o := DefaultWriterOpts
	if opts != nil {
		o.Committed, o.Log = opts.Committed, opts.Log
		if opts.QueueSize > 0 {
			o.QueueSize = opts.QueueSize
		}
		if opts.BatchSize > 0 {
			o.BatchSize = opts.BatchSize
		}
		if opts.RetryMin > 0 {
			o.RetryMin = opts.RetryMin
		}
		if opts.RetryMax > 0 {
			o.RetryMax = opts.RetryMax
		}
	}
	o.RetryMax = max(o.RetryMax, o.RetryMin)
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &Writer{
		l:        l,
		opts:     o,
		log:      log,
		progress: make(chan struct{}),
		wake:     make(chan struct{}, 1),
		ping:     make(chan chan struct{}),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		cancel:   cancel,
	}
	go w.run(ctx)
	return w
}

// Append queues e and returns without waiting for the disk. It returns
// e.Validate's EINVALID error unchanged, and an EINTERNAL error with
// ErrQueueFull in its chain when the queue is full, or ErrWriterClosed
// after Close; the event is then not recorded.
func (w *Writer) Append(_ context.Context, e firmware.UsageEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	w.mu.Lock()
	if w.closing {
		w.mu.Unlock()
		return fmt.Errorf("%w: %w", firmware.Errorf(firmware.EINTERNAL, "storage: ledger writer closed"), ErrWriterClosed)
	}
	if w.n == w.opts.QueueSize {
		w.dropped++
		dropped, alert := w.dropped, w.alert
		w.mu.Unlock()
		if dropped == 1 || dropped%1000 == 0 {
			w.log.Error("ledger queue full: events dropped", "dropped", dropped, "queued", w.opts.QueueSize, "alert", string(alert))
		}
		return fmt.Errorf("%w: %w", firmware.Errorf(firmware.EINTERNAL,
			"storage: ledger queue full (%d events wait, %s): event dropped", w.opts.QueueSize, alertText(alert)), ErrQueueFull)
	}
	if w.n == len(w.buf) {
		w.grow()
	}
	w.buf[(w.head+w.n)%len(w.buf)] = e
	w.n++
	w.accepted++
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return nil
}

func alertText(a firmware.LedgerAlert) string {
	if a == firmware.LedgerAlertNone {
		return "disk slow"
	}
	return string(a)
}

// QueueDepth returns the number of events accepted but not yet on disk.
func (w *Writer) QueueDepth() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// LedgerState returns the writer's alert, its queue and the database's
// recovery that staff have not dismissed.
func (w *Writer) LedgerState() firmware.LedgerState {
	w.mu.Lock()
	st := firmware.LedgerState{
		Alert:    w.alert,
		Since:    w.since,
		Err:      w.lastErr,
		Queued:   w.n,
		Capacity: w.opts.QueueSize,
		Dropped:  w.dropped,
	}
	w.mu.Unlock()
	st.Recovery = w.l.db.Recovery()
	if st.Alert == firmware.LedgerAlertNone && st.Recovery != nil {
		st.Alert = firmware.LedgerRecovered
	}
	return st
}

// DismissRecovery forgets the database's recovery once staff have seen it.
func (w *Writer) DismissRecovery(ctx context.Context) error { return w.l.db.DismissRecovery(ctx) }

// Flush waits until every event appended before the call is on disk, or
// the database refused it. It returns an error when ctx ends first, saying
// how many events still wait and why.
func (w *Writer) Flush(ctx context.Context) error {
	w.mu.Lock()
	target := w.accepted
	for w.settled < target {
		progress := w.progress
		w.mu.Unlock()
		select {
		case <-progress:
		case <-w.done:
			w.mu.Lock()
			if w.settled < target {
				n := w.n
				w.mu.Unlock()
				return fmt.Errorf("storage: flush: writer stopped with %d events not written", n)
			}
			w.mu.Unlock()
			return nil
		case <-ctx.Done():
			w.mu.Lock()
			n, alert, lastErr := w.n, w.alert, w.lastErr
			w.mu.Unlock()
			if lastErr != "" {
				return fmt.Errorf("storage: flush: %d events wait (%s: %s): %w", n, alertText(alert), lastErr, ctx.Err())
			}
			return fmt.Errorf("storage: flush: %d events wait: %w", n, ctx.Err())
		}
		w.mu.Lock()
	}
	w.mu.Unlock()
	return nil
}

// Ping returns once the writer's goroutine answers, between two writes. A
// watchdog pings it: a goroutine stuck in a write does not answer.
func (w *Writer) Ping(ctx context.Context) error {
	c := make(chan struct{})
	select {
	case w.ping <- c:
	case <-w.done:
		return fmt.Errorf("storage: ping: %w", ErrWriterClosed)
	case <-ctx.Done():
		return fmt.Errorf("storage: ping: ledger writer busy: %w", ctx.Err())
	}
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("storage: ping: ledger writer busy: %w", ctx.Err())
	}
}

// Close refuses new events, waits until the queued ones are on disk or ctx
// ends, and stops the writer. It returns an error saying how many events
// were not written when ctx ended first. Closing twice is harmless.
func (w *Writer) Close(ctx context.Context) error {
	w.mu.Lock()
	if w.closing {
		w.mu.Unlock()
		<-w.done
		return nil
	}
	w.closing = true
	w.mu.Unlock()

	err := w.Flush(ctx)
	close(w.stop)
	if err != nil {
		w.cancel() // interrupts a write in progress
	}
	<-w.done
	w.cancel()
	if err != nil {
		w.mu.Lock()
		n := w.n
		w.mu.Unlock()
		return fmt.Errorf("storage: close writer: %d events not written: %w", n, err)
	}
	return nil
}

func (w *Writer) run(ctx context.Context) {
	defer close(w.done)
	batch := make([]firmware.UsageEvent, 0, w.opts.BatchSize)
	retry := w.opts.RetryMin
	for {
		batch = w.peek(batch[:0])
		if len(batch) == 0 {
			select {
			case <-w.wake:
			case c := <-w.ping:
				close(c)
			case <-w.stop:
				return
			}
			continue
		}
		n, err := w.write(ctx, batch)
		w.settle(n, err)
		if err == nil {
			retry = w.opts.RetryMin
			continue
		}
		if ctx.Err() != nil {
			return
		}
		if !w.backoff(retry) {
			return
		}
		retry = min(retry*2, w.opts.RetryMax)
	}
}

// backoff waits d, answering pings, and returns false when the writer is
// to stop.
func (w *Writer) backoff(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			return true
		case c := <-w.ping:
			close(c)
		case <-w.stop:
			return false
		}
	}
}

// peek copies up to BatchSize events from the head of the queue into dst.
func (w *Writer) peek(dst []firmware.UsageEvent) []firmware.UsageEvent {
	w.mu.Lock()
	defer w.mu.Unlock()
	k := min(w.n, w.opts.BatchSize)
	for i := range k {
		dst = append(dst, w.buf[(w.head+i)%len(w.buf)])
	}
	return dst
}

// write writes batch in one transaction and returns how many of its events
// are settled. A row the table refuses would otherwise hold the queue for
// ever, so when the batch fails on a constraint the events go one by one
// and the refused ones are dropped.
func (w *Writer) write(ctx context.Context, batch []firmware.UsageEvent) (int, error) {
	err := w.l.appendBatch(ctx, batch)
	if err == nil {
		w.committed(batch)
		return len(batch), nil
	} else if !isConstraint(err) {
		return 0, err
	}
	for i := range batch {
		one := batch[i : i+1]
		switch err := w.l.appendBatch(ctx, one); {
		case err == nil:
			w.committed(one)
		case isConstraint(err):
			w.mu.Lock()
			w.dropped++
			w.mu.Unlock()
			w.log.Error("ledger refused an event: dropped", "kind", one[0].Kind, "err", err)
		default:
			return i, err
		}
	}
	return len(batch), nil
}

func (w *Writer) committed(events []firmware.UsageEvent) {
	if w.opts.Committed != nil {
		w.opts.Committed(events)
	}
}

// grow makes the full ring larger, up to QueueSize. The ring starts small:
// a queue of QueueSize events made at once is 2 MB that the garbage
// collector reads through on every cycle, for a disk that is nearly
// always keeping up.
func (w *Writer) grow() {
	size := min(max(2*len(w.buf), 64), w.opts.QueueSize)
	buf := make([]firmware.UsageEvent, size)
	for i := range w.n {
		buf[i] = w.buf[(w.head+i)%len(w.buf)]
	}
	w.buf, w.head = buf, 0
}

// settle removes the first n queued events and records how the write went.
func (w *Writer) settle(n int, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if n > 0 {
		for i := range n {
			w.buf[(w.head+i)%len(w.buf)] = firmware.UsageEvent{}
		}
		w.head = (w.head + n) % len(w.buf)
		w.n -= n
		w.settled += uint64(n)
		close(w.progress)
		w.progress = make(chan struct{})
	}
	if err == nil {
		if w.alert != firmware.LedgerAlertNone {
			w.log.Info("ledger writes again", "after", string(w.alert), "down_for", time.Since(w.since).Round(time.Second),
				"queued", w.n)
		}
		w.alert, w.since, w.lastErr = firmware.LedgerAlertNone, time.Time{}, ""
		return
	}
	a := alertFor(err, w.l.db.path)
	if w.alert == firmware.LedgerAlertNone {
		w.since = time.Now()
	}
	if a != w.alert {
		w.log.Error("ledger cannot write: events wait in memory", "alert", string(a), "queued", w.n, "err", err)
	}
	w.alert, w.lastErr = a, err.Error()
}
