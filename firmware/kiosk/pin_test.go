package kiosk_test

import (
	"context"
	"errors"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/memstore"
)

var pinHash = func() string {
	h, err := kiosk.HashPIN("2468")
	if err != nil {
		panic(err)
	}
	return h
}()

func pinKiosk(t *testing.T, clock *fakeClock, st firmware.Settings) *kiosk.Kiosk {
	t.Helper()
	k, err := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: &memLedger{}, HashKey: key,
		PINHash: pinHash, Clock: clock, Settings: st})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestPINLockoutSurvivesRestart(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	st := memstore.NewSettings(nil)
	k := pinKiosk(t, clock, st)

	for i := 1; i < kiosk.MaxPINFailures; i++ {
		if c := firmware.ErrorCode(k.Staff.CheckPIN("0000")); c != firmware.EUNAUTHORIZED {
			t.Fatalf("wrong PIN %d: %q", i, c)
		}
	}
	if c := firmware.ErrorCode(k.Staff.CheckPIN("1111")); c != firmware.ERATELIMITED {
		t.Fatalf("fifth wrong PIN: %q, want locked", c)
	}
	// Locked: even the right PIN is refused.
	if c := firmware.ErrorCode(k.Staff.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("right PIN while locked: %q", c)
	}

	// A reboot: a new kiosk over the same settings is still locked.
	clock.now = clock.now.Add(4 * time.Minute)
	k2 := pinKiosk(t, clock, st)
	if c := firmware.ErrorCode(k2.Staff.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("after restart: %q, want still locked", c)
	}
	clock.now = clock.now.Add(61 * time.Second)
	if err := k2.Staff.CheckPIN("2468"); err != nil {
		t.Fatalf("after the lock ran out: %v", err)
	}
	// A success clears the count: four more wrong PINs do not lock.
	for i := 1; i < kiosk.MaxPINFailures; i++ {
		if c := firmware.ErrorCode(k2.Staff.CheckPIN("0000")); c != firmware.EUNAUTHORIZED {
			t.Fatalf("wrong PIN %d after success: %q", i, c)
		}
	}
}

func TestPINLockoutClockJumpBack(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	st := memstore.NewSettings(nil)
	k := pinKiosk(t, clock, st)
	for i := 0; i < kiosk.MaxPINFailures; i++ {
		k.Staff.CheckPIN("0000")
	}
	// The Pi reboots without a battery clock: the time is a day behind.
	clock.now = clock.now.Add(-24 * time.Hour)
	k2 := pinKiosk(t, clock, st)
	if c := firmware.ErrorCode(k2.Staff.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("%q, want locked", c)
	}
	clock.now = clock.now.Add(kiosk.PINLockout + time.Second)
	if err := k2.Staff.CheckPIN("2468"); err != nil {
		t.Fatalf("lock stretched by the clock jump: %v", err)
	}
}

func TestPINLockoutInMemory(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	k := pinKiosk(t, clock, nil)
	for i := 0; i < kiosk.MaxPINFailures; i++ {
		k.Staff.CheckPIN("0000")
	}
	if c := firmware.ErrorCode(k.Staff.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("%q, want locked", c)
	}
}

// Each lock in a row lasts twice the one before, up to MaxPINLockout,
// across restarts; the right PIN starts again from PINLockout.
func TestPINLockoutEscalates(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	st := memstore.NewSettings(nil)
	for n, d := range []time.Duration{5 * time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute,
		80 * time.Minute, 160 * time.Minute, 320 * time.Minute, 8 * time.Hour, 8 * time.Hour} {
		k := pinKiosk(t, clock, st) // a restart before each round
		for i := 1; i < kiosk.MaxPINFailures; i++ {
			if c := firmware.ErrorCode(k.Staff.CheckPIN("000000")); c != firmware.EUNAUTHORIZED {
				t.Fatalf("round %d, wrong PIN %d: %q", n+1, i, c)
			}
		}
		if c := firmware.ErrorCode(k.Staff.CheckPIN("000000")); c != firmware.ERATELIMITED {
			t.Fatalf("round %d, fifth wrong PIN: %q, want locked", n+1, c)
		}
		clock.now = clock.now.Add(d - time.Second)
		if c := firmware.ErrorCode(pinKiosk(t, clock, st).Staff.CheckPIN("2468")); c != firmware.ERATELIMITED {
			t.Fatalf("lock %d, %s in: %q, want still locked", n+1, d-time.Second, c)
		}
		clock.now = clock.now.Add(time.Second)
	}
	// The right PIN after a lock clears the escalation.
	k := pinKiosk(t, clock, st)
	if err := k.Staff.CheckPIN("2468"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < kiosk.MaxPINFailures; i++ {
		k.Staff.CheckPIN("000000")
	}
	clock.now = clock.now.Add(kiosk.PINLockout)
	if err := k.Staff.CheckPIN("2468"); err != nil {
		t.Fatalf("after a success, the next lock is %s again: %v", kiosk.PINLockout, err)
	}
}

// failingSettings is a card that cannot be read, or refuses writes (full or
// read-only).
type failingSettings struct {
	*memstore.Settings
	readErr, writeErr error
}

func (s *failingSettings) Setting(ctx context.Context, k string) (string, bool, error) {
	if s.readErr != nil {
		return "", false, s.readErr
	}
	return s.Settings.Setting(ctx, k)
}

func (s *failingSettings) SetSetting(ctx context.Context, k, v string) error {
	if s.writeErr != nil {
		return s.writeErr
	}
	return s.Settings.SetSetting(ctx, k, v)
}

// A lockout that cannot be read or saved keeps staff mode locked, the
// right PIN included, and says why (EUNAVAILABLE).
func TestPINLockoutFailsClosed(t *testing.T) {
	for name, st := range map[string]*failingSettings{
		"unreadable": {Settings: memstore.NewSettings(nil), readErr: errors.New("disk I/O error")},
		"read-only":  {Settings: memstore.NewSettings(nil), writeErr: syscall.EROFS},
		"full":       {Settings: memstore.NewSettings(nil), writeErr: syscall.ENOSPC},
		"garbled":    {Settings: memstore.NewSettings(map[string]string{"staff_pin_state": "x y z"})},
	} {
		t.Run(name, func(t *testing.T) {
			clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
			k := pinKiosk(t, clock, st)
			for i := 0; i < 3*kiosk.MaxPINFailures; i++ {
				if c := firmware.ErrorCode(k.Staff.CheckPIN("000000")); c != firmware.EUNAVAILABLE {
					t.Fatalf("wrong PIN %d: %q, want %q", i+1, c, firmware.EUNAVAILABLE)
				}
			}
			if c := firmware.ErrorCode(k.Staff.CheckPIN("2468")); c != firmware.EUNAVAILABLE {
				t.Fatalf("right PIN: %q, want %q", c, firmware.EUNAVAILABLE)
			}
		})
	}
}

// A lock saved by an older version, under its two keys, still holds.
func TestPINLockoutFromOlderVersion(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	until := clock.now.Add(3 * time.Minute).Unix()
	st := memstore.NewSettings(map[string]string{"staff_pin_failures": "0", "staff_pin_locked_until": strconv.FormatInt(until, 10)})
	k := pinKiosk(t, clock, st)
	if c := firmware.ErrorCode(k.Staff.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("%q, want locked", c)
	}
	clock.now = clock.now.Add(3 * time.Minute)
	if err := k.Staff.CheckPIN("2468"); err != nil {
		t.Fatal(err)
	}
}
