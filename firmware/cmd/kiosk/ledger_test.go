package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/devices/board"
	"github.com/motcua/kiosk/firmware"
)

type fakeMonitor struct {
	mu sync.Mutex
	st firmware.LedgerState
}

func (m *fakeMonitor) LedgerState() firmware.LedgerState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st
}

func (m *fakeMonitor) set(st firmware.LedgerState) {
	m.mu.Lock()
	m.st = st
	m.mu.Unlock()
}

func TestWatchLedgerLightsTheFaultLED(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := board.NewSim(nil)
	m := &fakeMonitor{}
	go watchLedger(ctx, m, b, 5*time.Millisecond)

	wait := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: alerts %v, LED %v", what, b.DeviceHealth().Alerts, b.Indicator(firmware.LEDFault))
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	ledgerAlert := func() bool { _, lit := b.DeviceHealth().Alert(firmware.AlertLedger); return lit }
	wait("no alert", func() bool { return !ledgerAlert() })
	m.set(firmware.LedgerState{Alert: firmware.LedgerDiskFull})
	wait("disk full", func() bool {
		return ledgerAlert() && b.Indicator(firmware.LEDFault) != firmware.PatternOff
	})
	m.set(firmware.LedgerState{})
	wait("recovered", func() bool {
		return !ledgerAlert() && b.Indicator(firmware.LEDFault) == firmware.PatternOff
	})
}
