package evdev

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// recorder keeps what Inputs reports.
type recorder struct {
	mu       sync.Mutex
	contacts []Contact
	codes    []string
	opened   map[string]error
	changed  chan struct{}
}

func newRecorder() *recorder {
	return &recorder{opened: map[string]error{}, changed: make(chan struct{}, 100)}
}

func (r *recorder) poke() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

func (r *recorder) inputs(sources ...Source) *Inputs {
	var logs bytes.Buffer
	return &Inputs{
		Sources: sources,
		Touch:   TouchOpts{Width: 800, Height: 480},
		OnTouch: func(c Contact) { r.mu.Lock(); r.contacts = append(r.contacts, c); r.mu.Unlock(); r.poke() },
		OnScan:  func(s string) { r.mu.Lock(); r.codes = append(r.codes, s); r.mu.Unlock(); r.poke() },
		OnOpen: func(p string, k Kind, err error) {
			r.mu.Lock()
			r.opened[filepath.Base(p)] = err
			r.mu.Unlock()
			r.poke()
		},
		Log: slog.New(slog.NewTextHandler(&logs, nil)),
	}
}

// wait waits up to 5 s for ok, checked under the lock.
func (r *recorder) wait(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		done := ok()
		r.mu.Unlock()
		if done {
			return
		}
		select {
		case <-r.changed:
		case <-deadline:
			t.Fatalf("%s: not within 5 s (contacts %v, codes %q, opened %v)", what, r.contacts, r.codes, r.opened)
		}
	}
}

func run(t *testing.T, in *Inputs) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	return func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	}
}

func TestInputsFIFOAndFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "touch.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	var scans bytes.Buffer
	evs, _ := ScanEvents("000.00.13.H06-241105-0042", time.Unix(100, 0))
	Encode(&scans, evs...)
	scanner := filepath.Join(dir, "scanner.bin")
	os.WriteFile(scanner, scans.Bytes(), 0o644)

	r := newRecorder()
	stop := run(t, r.inputs(
		Source{Kind: KindTouch, Path: fifo, X: Range{Max: 4000}, Y: Range{Max: 4000}},
		Source{Kind: KindScanner, Path: scanner},
	))
	defer stop()
	r.wait(t, "the scan", func() bool { return len(r.codes) == 1 })
	if r.codes[0] != "000.00.13.H06-241105-0042" {
		t.Fatalf("scanned %q", r.codes[0])
	}

	// A writer comes and goes twice; the FIFO stays open between them.
	for i, x := range []int32{1000, 3000} {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		Encode(w, key(BtnTouch, 1), abs(AbsX, x), abs(AbsY, 2000), syn(), key(BtnTouch, 0), syn())
		w.Close()
		r.wait(t, "the tap", func() bool { return len(r.contacts) == 2*(i+1) })
	}
	want := []Contact{{ID: 0, Phase: Down, X: 200, Y: 240}, {ID: 0, Phase: Up, X: 200, Y: 240},
		{ID: 0, Phase: Down, X: 600, Y: 240}, {ID: 0, Phase: Up, X: 600, Y: 240}}
	for i, c := range r.contacts {
		if c != want[i] {
			t.Errorf("contact %d = %v, want %v", i, c, want[i])
		}
	}
}

func TestInputsMissingSourceComesLater(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "late.bin")
	r := newRecorder()
	stop := run(t, r.inputs(Source{Kind: KindTouch, Path: path}))
	defer stop()
	r.wait(t, "the missing source reported", func() bool { return r.opened["late.bin"] != nil })

	// A touch file without a range speaks in screen pixels.
	var b bytes.Buffer
	Encode(&b, abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 1), abs(AbsMTPositionX, 799), abs(AbsMTPositionY, 10), syn())
	os.WriteFile(path+".tmp", b.Bytes(), 0o644)
	os.Rename(path+".tmp", path)
	r.wait(t, "the late source read", func() bool { return len(r.contacts) == 1 })
	if c := r.contacts[0]; c != (Contact{ID: 0, Phase: Down, X: 799, Y: 10}) {
		t.Fatalf("contact %v", c)
	}
}

func TestInputsAutoIgnoresOthers(t *testing.T) {
	dir := t.TempDir()
	// Files are not devices: auto-discovery passes them by, now and when
	// they appear, and never fails for it.
	os.WriteFile(filepath.Join(dir, "event0"), make([]byte, 48), 0o644)
	r := newRecorder()
	in := r.inputs()
	in.Auto, in.Dir = true, dir
	stop := run(t, in)
	os.WriteFile(filepath.Join(dir, "event1"), make([]byte, 48), 0o644)
	os.WriteFile(filepath.Join(dir, "mouse0"), nil, 0o644)
	time.Sleep(100 * time.Millisecond)
	stop()
	if len(r.opened) != 0 || len(r.contacts) != 0 {
		t.Fatalf("opened %v, contacts %v", r.opened, r.contacts)
	}

	// A directory that does not exist: no devices, no failure.
	in = newRecorder().inputs()
	in.Auto, in.Dir = true, filepath.Join(dir, "none")
	run(t, in)()

	if err := (&Inputs{}).Run(context.Background()); err == nil {
		t.Error("Run without a screen size")
	}
}

func TestOpenFileIsNotADevice(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, nil, 0o644)
	d, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.IsDevice() || d.Kind() != KindOther || d.Grab() != nil || d.Name() != p {
		t.Fatalf("file %s: device %v kind %v", d, d.IsDevice(), d.Kind())
	}
	if _, _, ok := d.TouchRange(); ok {
		t.Fatal("a file has a touch range")
	}
	// So a touch file lifts every finger after SYN_DROPPED.
	if st, err := d.State(); err == nil {
		t.Fatalf("a file has a state: %+v", st)
	}
	// /dev/null is a character device but not an input device.
	if _, err := Open("/dev/null"); err == nil {
		t.Fatal("/dev/null opened as an input device")
	}
}
