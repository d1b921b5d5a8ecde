package kiosk_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time           { return c.now }
func (c *fakeClock) SinceBoot() time.Duration { return 42 * time.Second }
func (c *fakeClock) BootID() string           { return "boot-1" }
func (c *fakeClock) Synced() bool             { return false }

type fakePortal struct {
	mu      sync.Mutex
	codes   []string
	secrets []string
	lookup  func(ctx context.Context, code, secret string) (*firmware.Dossier, error)
	health  func(ctx context.Context) (*firmware.Health, error)
}

func (p *fakePortal) Lookup(ctx context.Context, code, secret string) (*firmware.Dossier, error) {
	p.mu.Lock()
	p.codes = append(p.codes, code)
	p.secrets = append(p.secrets, secret)
	p.mu.Unlock()
	return p.lookup(ctx, code, secret)
}

func (p *fakePortal) Health(ctx context.Context) (*firmware.Health, error) { return p.health(ctx) }

type memLedger struct {
	mu     sync.Mutex
	events []firmware.UsageEvent
	fail   error
}

func (l *memLedger) Append(_ context.Context, e firmware.UsageEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if l.fail != nil {
		return l.fail
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
	return nil
}

var key = []byte("0123456789abcdef0123456789abcdef")

func demoDossier(code string) *firmware.Dossier {
	return &firmware.Dossier{
		Code:       code,
		Procedure:  firmware.ProcedureRef{Code: "1.001193", Name: "Đăng ký khai sinh"},
		Channel:    firmware.ChannelOnline,
		Status:     firmware.StatusRef{Code: firmware.StatusInProgress},
		ReceivedAt: time.Now(), DueAt: time.Now().Add(48 * time.Hour),
	}
}

func newKiosk(t *testing.T, p *fakePortal, l *memLedger, timeout time.Duration) *kiosk.Kiosk {
	t.Helper()
	k, err := kiosk.New(kiosk.Config{Portal: p, Ledger: l, HashKey: key, LookupTimeout: timeout,
		ReceiptHosts: []string{"dvc.backan.gov.vn"},
		Clock:        &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestLookupRecordsWithoutCode(t *testing.T) {
	p := &fakePortal{lookup: func(_ context.Context, c, _ string) (*firmware.Dossier, error) { return demoDossier(c), nil }}
	l := &memLedger{}
	k := newKiosk(t, p, l, time.Second)

	d, err := k.Citizen.Lookup(context.Background(), "https://dvc.backan.gov.vn/tra-cuu?mahoso=000.00.13.h06-241105-0042", "", "vi")
	if err != nil {
		t.Fatal(err)
	}
	const code = "000.00.13.H06-241105-0042"
	if d.Code != code || p.codes[0] != code {
		t.Fatalf("portal asked for %q", p.codes)
	}
	if len(l.events) != 1 {
		t.Fatalf("%d events", len(l.events))
	}
	e := l.events[0]
	if e.Kind != firmware.KindLookup || e.Outcome != firmware.OutcomeOK || e.Status != firmware.StatusInProgress ||
		e.Procedure != "1.001193" || e.Channel != firmware.ChannelOnline || e.Lang != "vi" {
		t.Fatalf("event %+v", e)
	}
	if e.CodeRef != k.CodeRef(code) || len(e.CodeRef) != 64 || strings.Contains(e.CodeRef, "0042") {
		t.Fatalf("code ref %q", e.CodeRef)
	}
	if e.BootID != "boot-1" || e.Mono != 42*time.Second || e.ClockSynced || !e.At.Equal(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("time stamps %+v", e)
	}
	// The same code from another spelling counts as the same dossier.
	if _, err := k.Citizen.Lookup(context.Background(), " 000.00.13.h06-241105 -0042 ", "", "en"); err != nil {
		t.Fatal(err)
	}
	if l.events[1].CodeRef != e.CodeRef {
		t.Fatal("same code, different refs")
	}
	// A different key gives a different reference.
	k2, _ := kiosk.New(kiosk.Config{Portal: p, Ledger: l, HashKey: []byte("another key, 16+ bytes")})
	if k2.CodeRef(code) == e.CodeRef {
		t.Fatal("ref does not depend on the key")
	}
}

func TestLookupInvalidNeverAsksPortal(t *testing.T) {
	p := &fakePortal{lookup: func(context.Context, string, string) (*firmware.Dossier, error) {
		t.Fatal("portal asked")
		return nil, nil
	}}
	l := &memLedger{}
	k := newKiosk(t, p, l, time.Second)
	for i, in := range []string{"abc", "......", "H06/../../admin",
		"https://evil.example/tra-cuu?mahoso=000.00.13.H06-241105-0042"} {
		_, err := k.Citizen.Lookup(context.Background(), in, "", "vi")
		if firmware.ErrorCode(err) != firmware.EINVALID {
			t.Fatalf("%q: err %v", in, err)
		}
		if len(l.events) != i+1 || l.events[i].Outcome != firmware.EINVALID || l.events[i].CodeRef != "" {
			t.Fatalf("%q: events %+v", in, l.events)
		}
	}
}

func TestLookupErrorsRecorded(t *testing.T) {
	for _, c := range []string{firmware.ENOTFOUND, firmware.ESECRETREQUIRED, firmware.ESECRETMISMATCH,
		firmware.EUNAVAILABLE, firmware.EBADANSWER, firmware.ERATELIMITED} {
		p := &fakePortal{lookup: func(context.Context, string, string) (*firmware.Dossier, error) {
			return nil, firmware.Errorf(c, "portal: %s", c)
		}}
		l := &memLedger{}
		k := newKiosk(t, p, l, time.Second)
		_, err := k.Citizen.Lookup(context.Background(), "H06-241105-0042", "123456", "vi")
		if firmware.ErrorCode(err) != c {
			t.Fatalf("%s: err %v", c, err)
		}
		if p.secrets[0] != "123456" {
			t.Fatalf("secret not passed on")
		}
		if len(l.events) != 1 || l.events[0].Outcome != c || l.events[0].Status != 0 {
			t.Fatalf("%s: events %+v", c, l.events)
		}
		down := k.Citizen.PortalState().State == firmware.HealthDown
		if want := c == firmware.EUNAVAILABLE; down != want {
			t.Fatalf("%s: portal marked down = %v", c, down)
		}
	}
}

func TestLookupDeadline(t *testing.T) {
	// A portal that ignores nothing but the context: the kiosk's own deadline
	// must end the lookup and call it a timeout.
	p := &fakePortal{lookup: func(ctx context.Context, _, _ string) (*firmware.Dossier, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	l := &memLedger{}
	k := newKiosk(t, p, l, 50*time.Millisecond)
	start := time.Now()
	_, err := k.Citizen.Lookup(context.Background(), "H06-241105-0042", "", "vi")
	if firmware.ErrorCode(err) != firmware.ETIMEOUT {
		t.Fatalf("err %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %s", el)
	}
	if l.events[0].Outcome != firmware.ETIMEOUT || k.Citizen.PortalState().Err != firmware.ETIMEOUT {
		t.Fatalf("events %+v state %+v", l.events, k.Citizen.PortalState())
	}
}

func TestLookupNilDossierIsBadAnswer(t *testing.T) {
	p := &fakePortal{lookup: func(context.Context, string, string) (*firmware.Dossier, error) { return nil, nil }}
	k := newKiosk(t, p, &memLedger{}, time.Second)
	if _, err := k.Citizen.Lookup(context.Background(), "H06-241105-0042", "", "vi"); firmware.ErrorCode(err) != firmware.EBADANSWER {
		t.Fatalf("err %v", err)
	}
}

func TestLedgerFailureStillAnswers(t *testing.T) {
	p := &fakePortal{lookup: func(_ context.Context, c, _ string) (*firmware.Dossier, error) { return demoDossier(c), nil }}
	l := &memLedger{fail: errors.New("disk full")}
	k := newKiosk(t, p, l, time.Second)
	if d, err := k.Citizen.Lookup(context.Background(), "H06-241105-0042", "", "vi"); err != nil || d == nil {
		t.Fatalf("lookup failed with a broken ledger: %v", err)
	}
}

func TestCheckPIN(t *testing.T) {
	h, err := kiosk.HashPIN("2468")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "2468") {
		t.Fatal("hash holds the PIN")
	}
	k, _ := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: &memLedger{}, HashKey: key, PINHash: h})
	if err := k.Staff.CheckPIN("2468"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "2467", "24680", " 2468"} {
		if firmware.ErrorCode(k.Staff.CheckPIN(bad)) != firmware.EUNAUTHORIZED {
			t.Fatalf("PIN %q accepted", bad)
		}
	}
	none, _ := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: &memLedger{}, HashKey: key})
	if none.Staff.CheckPIN("") == nil {
		t.Fatal("empty PIN accepted with no PIN configured")
	}
}

func TestCheckHealth(t *testing.T) {
	var fail bool
	p := &fakePortal{health: func(context.Context) (*firmware.Health, error) {
		if fail {
			return nil, firmware.Errorf(firmware.EUNAVAILABLE, "portal: connection refused")
		}
		return &firmware.Health{Status: firmware.HealthDegraded}, nil
	}}
	k := newKiosk(t, p, &memLedger{}, time.Second)
	if st := k.Citizen.PortalState(); !st.CheckedAt.IsZero() {
		t.Fatal("checked before any check")
	}
	if st := k.Citizen.CheckHealth(context.Background()); st.State != firmware.HealthDegraded || st.Err != "" || st.CheckedAt.IsZero() {
		t.Fatalf("state %+v", st)
	}
	fail = true
	k.Citizen.CheckHealth(context.Background())
	if st := k.Citizen.PortalState(); st.State != firmware.HealthDown || st.Err != firmware.EUNAVAILABLE {
		t.Fatalf("state %+v", st)
	}
}

type leds map[firmware.Indicator]firmware.Pattern

func (l leds) SetIndicator(led firmware.Indicator, p firmware.Pattern) { l[led] = p }

func TestHealthDrivesLEDs(t *testing.T) {
	state := firmware.HealthOK
	var fail string
	p := &fakePortal{health: func(context.Context) (*firmware.Health, error) {
		if fail != "" {
			return nil, firmware.Errorf(fail, "portal: failed")
		}
		return &firmware.Health{Status: state}, nil
	}}
	l := leds{}
	k, err := kiosk.New(kiosk.Config{Portal: p, Ledger: &memLedger{}, HashKey: key, Indicators: l,
		Clock: &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		state          firmware.HealthState
		fail           string
		portal, netLED firmware.Pattern
	}{
		{firmware.HealthOK, "", firmware.PatternOn, firmware.PatternOn},
		{firmware.HealthDegraded, "", firmware.PatternSlowBlink, firmware.PatternOn},
		{firmware.HealthDown, "", firmware.PatternOff, firmware.PatternOn},
		{firmware.HealthOK, firmware.EUNAVAILABLE, firmware.PatternOff, firmware.PatternFastBlink},
		{firmware.HealthOK, firmware.EUNAUTHORIZED, firmware.PatternOff, firmware.PatternOn},
	} {
		state, fail = tt.state, tt.fail
		k.Citizen.CheckHealth(context.Background())
		if l[firmware.LEDPortal] != tt.portal || l[firmware.LEDNetwork] != tt.netLED {
			t.Errorf("%s/%q: portal LED %v, network LED %v", tt.state, tt.fail, l[firmware.LEDPortal], l[firmware.LEDNetwork])
		}
	}
}

func TestNewRefusesMissingParts(t *testing.T) {
	for name, cfg := range map[string]kiosk.Config{
		"no portal": {Ledger: &memLedger{}, HashKey: key},
		"no ledger": {Portal: &fakePortal{}, HashKey: key},
		"short key": {Portal: &fakePortal{}, Ledger: &memLedger{}, HashKey: []byte("short")},
	} {
		if _, err := kiosk.New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLookupRecordsOverdue(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		due     time.Time
		status  firmware.Status
		overdue bool
	}{
		{now.Add(-72 * time.Hour), firmware.StatusInProgress, true},
		{now.Add(72 * time.Hour), firmware.StatusInProgress, false},
		{now.Add(-72 * time.Hour), firmware.StatusReady, false},
	} {
		p := &fakePortal{lookup: func(_ context.Context, c, _ string) (*firmware.Dossier, error) {
			d := demoDossier(c)
			d.DueAt, d.Status.Code = tt.due, tt.status
			return d, nil
		}}
		l := &memLedger{}
		k := newKiosk(t, p, l, time.Second)
		if _, err := k.Citizen.Lookup(context.Background(), "H06-241105-0042", "", "vi"); err != nil {
			t.Fatal(err)
		}
		if got := l.events[0].Overdue; got != tt.overdue {
			t.Errorf("due %s, status %d: Overdue = %v", tt.due, tt.status, got)
		}
	}
}

type beeps []bool

func (b *beeps) Beep(ok bool) { *b = append(*b, ok) }

func TestFindSoundsTheBuzzer(t *testing.T) {
	p := &fakePortal{lookup: func(_ context.Context, c, secret string) (*firmware.Dossier, error) {
		switch c {
		case "SECRET-0001":
			return nil, firmware.Errorf(firmware.ESECRETREQUIRED, "portal: secret required")
		case "NOTFOUND-01":
			return nil, firmware.Errorf(firmware.ENOTFOUND, "portal: not found")
		}
		return demoDossier(c), nil
	}}
	var b beeps
	k, err := kiosk.New(kiosk.Config{Portal: p, Ledger: &memLedger{}, HashKey: key, Buzzer: &b,
		Clock: &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"H06-241105-0042", "abc", "SECRET-0001", "NOTFOUND-01"} {
		k.Citizen.Find(context.Background(), in, "", "vi")
	}
	want := beeps{true, false, true, false}
	if len(b) != len(want) {
		t.Fatalf("beeps %v, want %v", b, want)
	}
	for i := range want {
		if b[i] != want[i] {
			t.Fatalf("beeps %v, want %v", b, want)
		}
	}
}

// A procedure code from the portal reaches the ledger only when it looks
// like one; anything else is kept as "" and counted, never as text.
func TestLookupProcedureCodeChecked(t *testing.T) {
	tests := []struct{ code, want string }{
		{"1.001193", "1.001193"},
		{"1.000894.000.00.00.H12", "1.000894.000.00.00.H12"},
		{"", ""},
		{"Đăng ký khai sinh", ""},
		{"Hoàng Thị Lan", ""},
		{"1.001193; DROP TABLE", ""},
		{strings.Repeat("9", 33), ""},
		{"a\nb", ""},
	}
	bad := 0
	for _, tt := range tests {
		p := &fakePortal{lookup: func(_ context.Context, c, _ string) (*firmware.Dossier, error) {
			d := demoDossier(c)
			d.Procedure.Code = tt.code
			return d, nil
		}}
		l := &memLedger{}
		var logged bytes.Buffer
		k, err := kiosk.New(kiosk.Config{Portal: p, Ledger: l, HashKey: key,
			Log: slog.New(slog.NewTextHandler(&logged, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.Citizen.Lookup(context.Background(), "000.00.13.H06-241105-0042", "", "vi"); err != nil {
			t.Fatalf("%q: %v", tt.code, err)
		}
		if len(l.events) != 1 || l.events[0].Procedure != tt.want {
			t.Errorf("procedure %q: ledger got %+v, want %q", tt.code, l.events, tt.want)
		}
		counted := strings.Contains(logged.String(), "not kept in the ledger") && strings.Contains(logged.String(), "count=1")
		if tt.code != "" && tt.want == "" {
			bad++
			if !counted {
				t.Errorf("procedure %q: not counted in the log:\n%s", tt.code, logged.String())
			}
		} else if counted {
			t.Errorf("procedure %q: counted as bad", tt.code)
		}
		if tt.code != "" && strings.Contains(logged.String(), tt.code) {
			t.Errorf("procedure %q: the portal's text reached the log", tt.code)
		}
	}
	if bad != 5 {
		t.Fatalf("%d bad codes in the table, want 5", bad)
	}
}
