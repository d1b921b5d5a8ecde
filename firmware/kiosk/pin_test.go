package kiosk_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
)

type memSettings struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memSettings) Setting(_ context.Context, k string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[k]
	return v, ok, nil
}

func (s *memSettings) SetSetting(_ context.Context, k, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
	return nil
}

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
	st := &memSettings{m: map[string]string{}}
	k := pinKiosk(t, clock, st)

	for i := 1; i < kiosk.MaxPINFailures; i++ {
		if c := firmware.ErrorCode(k.CheckPIN("0000")); c != firmware.EUNAUTHORIZED {
			t.Fatalf("wrong PIN %d: %q", i, c)
		}
	}
	if c := firmware.ErrorCode(k.CheckPIN("1111")); c != firmware.ERATELIMITED {
		t.Fatalf("fifth wrong PIN: %q, want locked", c)
	}
	// Locked: even the right PIN is refused.
	if c := firmware.ErrorCode(k.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("right PIN while locked: %q", c)
	}

	// A reboot: a new kiosk over the same settings is still locked.
	clock.now = clock.now.Add(4 * time.Minute)
	k2 := pinKiosk(t, clock, st)
	if c := firmware.ErrorCode(k2.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("after restart: %q, want still locked", c)
	}
	clock.now = clock.now.Add(61 * time.Second)
	if err := k2.CheckPIN("2468"); err != nil {
		t.Fatalf("after the lock ran out: %v", err)
	}
	// A success clears the count: four more wrong PINs do not lock.
	for i := 1; i < kiosk.MaxPINFailures; i++ {
		if c := firmware.ErrorCode(k2.CheckPIN("0000")); c != firmware.EUNAUTHORIZED {
			t.Fatalf("wrong PIN %d after success: %q", i, c)
		}
	}
}

func TestPINLockoutClockJumpBack(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	st := &memSettings{m: map[string]string{}}
	k := pinKiosk(t, clock, st)
	for i := 0; i < kiosk.MaxPINFailures; i++ {
		k.CheckPIN("0000")
	}
	// The Pi reboots without a battery clock: the time is a day behind.
	clock.now = clock.now.Add(-24 * time.Hour)
	k2 := pinKiosk(t, clock, st)
	if c := firmware.ErrorCode(k2.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("%q, want locked", c)
	}
	clock.now = clock.now.Add(kiosk.PINLockout + time.Second)
	if err := k2.CheckPIN("2468"); err != nil {
		t.Fatalf("lock stretched by the clock jump: %v", err)
	}
}

func TestPINLockoutInMemory(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	k := pinKiosk(t, clock, nil)
	for i := 0; i < kiosk.MaxPINFailures; i++ {
		k.CheckPIN("0000")
	}
	if c := firmware.ErrorCode(k.CheckPIN("2468")); c != firmware.ERATELIMITED {
		t.Fatalf("%q, want locked", c)
	}
}
