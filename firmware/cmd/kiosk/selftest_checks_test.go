package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/settings"
)

// fakeBoard is a board whose health a test sets, and which records the
// LEDs lit and the beeps.
type fakeBoard struct {
	h     firmware.DeviceHealth
	lit   []firmware.Indicator
	off   []firmware.Indicator
	beeps int
}

func (b *fakeBoard) DeviceHealth() firmware.DeviceHealth { return b.h }
func (b *fakeBoard) Beep(bool)                           { b.beeps++ }
func (b *fakeBoard) SetIndicator(ind firmware.Indicator, p firmware.Pattern) {
	if p == firmware.PatternOn {
		b.lit = append(b.lit, ind)
	} else {
		b.off = append(b.off, ind)
	}
}

// healthy is a board with every part answering, or in the state given.
func healthy(states map[firmware.PartID]firmware.PartState) *fakeBoard {
	b := &fakeBoard{}
	for _, id := range firmware.Parts() {
		st, ok := states[id]
		if !ok {
			st = firmware.PartOK
		}
		detail := ""
		if st == firmware.PartMissing {
			detail = "no answer at 0x76"
		}
		b.h.Parts = append(b.h.Parts, firmware.PartHealth{ID: id, Where: "W-" + string(id), State: st, Detail: detail})
	}
	return b
}

func newSelftestRun(b *fakeBoard) *selftestRun {
	return &selftestRun{cfg: settings.Default(), board: b, timeout: 50 * time.Millisecond, out: &strings.Builder{},
		ledOn: time.Millisecond, touched: make(chan evdev.Contact, 1), scanned: make(chan string, 1), motion: make(chan struct{}, 1)}
}

func runCheck(t *testing.T, part string, st *selftestRun) checkResult {
	t.Helper()
	i := slices.IndexFunc(selftestChecks, func(c selftestCheck) bool { return c.part == part })
	if i < 0 {
		t.Fatalf("no row %q", part)
	}
	r, err := selftestChecks[i].run(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if r.part != part {
		t.Errorf("row %q answers as %q", part, r.part)
	}
	return r
}

// The rows are the technician's guide's, in its order, and every part the
// board knows has one: a new part without a row fails here.
func TestSelftestRows(t *testing.T) {
	var names []string
	for _, c := range selftestChecks {
		names = append(names, c.part)
	}
	want := []string{"display", "console", "clock", "bme280", "bh1750", "door", "led-heartbeat", "led-network",
		"led-portal", "led-fault", "buzzer", "touch", "scanner", "pir"}
	if !slices.Equal(names, want) {
		t.Errorf("rows %q, want %q", names, want)
	}
	for _, id := range firmware.Parts() {
		if !slices.Contains(names, string(id)) {
			t.Errorf("part %s has no self-test row", id)
		}
	}
}

func TestSelftestDisplayRow(t *testing.T) {
	st := newSelftestRun(healthy(nil))
	if r := runCheck(t, "display", st); r.result != "skip" || r.where != "-" {
		t.Errorf("no --display: %+v", r)
	}
	st.display = "file:" + filepath.Join(t.TempDir(), "none", "fb") + "@800x480"
	if r := runCheck(t, "display", st); r.result != "FAIL" || r.detail == "" {
		t.Errorf("a display that cannot be opened: %+v", r)
	}
	console := selftestChecks[slices.IndexFunc(selftestChecks, func(c selftestCheck) bool { return c.part == "console" })]
	if console.applies(st) {
		t.Error("the console row is there for a file standing in for the framebuffer")
	}
	st.display = "fb:/dev/fb0"
	if !console.applies(st) {
		t.Error("the console row is not there for a framebuffer")
	}
	st.cfg.Display.Console = ""
	if console.applies(st) {
		t.Error(`the console row is there with [display] console = ""`)
	}
}

func TestSelftestSensorRows(t *testing.T) {
	b := healthy(nil)
	b.h.Parts[0].Detail = "31.500°C 62.0%RH"
	b.h.Readings = []firmware.Reading{{Quantity: firmware.Temperature, Value: 41}, {Quantity: firmware.Light, Value: 320.4},
		{Quantity: firmware.CabinetOpen, Value: 0}}
	b.h.Alerts = []firmware.Alert{{Kind: firmware.AlertTooDamp, Value: 91}, {Kind: firmware.AlertTooHot, Value: 41}}
	st := newSelftestRun(b)
	if r := runCheck(t, "bme280", st); r.result != "ok" || r.where != "W-bme280" || r.detail != "31.500°C 62.0%RH; too hot: 41.0 °C; too damp: 91 %RH" {
		t.Errorf("bme280: %+v", r)
	}
	if r := runCheck(t, "bh1750", st); r.result != "ok" || r.detail != "320 lx" {
		t.Errorf("bh1750: %+v", r)
	}
	if r := runCheck(t, "door", st); r.result != "ok" || r.detail != "closed" {
		t.Errorf("door shut: %+v", r)
	}
	b.h.Readings[2].Value = 1
	if r := runCheck(t, "door", st); r.result != "FAIL" || r.detail != "the cabinet is open" {
		t.Errorf("door open: %+v", r)
	}

	// A part that does not answer fails with why; one not fitted is
	// skipped; neither waits past the sensors' deadline.
	b = healthy(map[firmware.PartID]firmware.PartState{firmware.PartBME280: firmware.PartMissing, firmware.PartBH1750: firmware.PartNotFitted})
	st = newSelftestRun(b)
	if r := runCheck(t, "bme280", st); r.result != "FAIL" || r.detail != "missing: no answer at 0x76" {
		t.Errorf("bme280 missing: %+v", r)
	}
	if r := runCheck(t, "bh1750", st); r.result != "skip" || r.detail != "not fitted" {
		t.Errorf("bh1750 not fitted: %+v", r)
	}
	// Fitted and answering but without a reading yet: the row waits until
	// the deadline, then says nothing more than ok.
	st = newSelftestRun(healthy(nil))
	st.sensorsBy = time.Now().Add(120 * time.Millisecond)
	start := time.Now()
	if r := runCheck(t, "bh1750", st); r.result != "ok" || r.detail != "" || time.Since(start) < 100*time.Millisecond {
		t.Errorf("bh1750 without a reading: %+v after %v", r, time.Since(start))
	}
}

func TestSelftestLEDAndBuzzerRows(t *testing.T) {
	b := healthy(map[firmware.PartID]firmware.PartState{firmware.PartLEDPortal: firmware.PartNotFitted,
		firmware.PartLEDFault: firmware.PartMissing})
	st := newSelftestRun(b)
	for _, part := range []string{"led-heartbeat", "led-network"} {
		if r := runCheck(t, part, st); r.result != "ok" || r.detail != "lit for 0.0 s: check it by eye" {
			t.Errorf("%s: %+v", part, r)
		}
	}
	if r := runCheck(t, "led-portal", st); r.result != "skip" {
		t.Errorf("led-portal not fitted: %+v", r)
	}
	if r := runCheck(t, "led-fault", st); r.result != "FAIL" || !strings.HasPrefix(r.detail, "missing") {
		t.Errorf("led-fault missing: %+v", r)
	}
	lit := []firmware.Indicator{firmware.LEDHeartbeat, firmware.LEDNetwork}
	if !slices.Equal(b.lit, lit) || !slices.Equal(b.off, lit) {
		t.Errorf("lit %v and put out %v, want %v each: only the LEDs that answer", b.lit, b.off, lit)
	}
	if r := runCheck(t, "buzzer", st); r.result != "ok" || b.beeps != 1 {
		t.Errorf("buzzer: %+v, %d beeps", r, b.beeps)
	}
	b.h.Parts[len(b.h.Parts)-1].State = firmware.PartNotFitted
	if r := runCheck(t, "buzzer", st); r.result != "skip" || b.beeps != 1 {
		t.Errorf("buzzer not fitted: %+v, %d beeps", r, b.beeps)
	}
}

// Touch, scan and motion are waited for once, together, each reported as
// it comes; what did not come in time fails with the time waited.
func TestSelftestInputRows(t *testing.T) {
	st := newSelftestRun(healthy(nil))
	st.inputs = []string{"touch:/dev/input/event3", "scanner:/dev/input/event5"}
	// The touch comes first, then the motion: unbuffered, the motion is
	// taken only once the touch has been.
	st.touched, st.motion = make(chan evdev.Contact), make(chan struct{})
	go func() {
		st.touched <- evdev.Contact{X: 400, Y: 240, Phase: evdev.Down}
		st.motion <- struct{}{}
	}()
	if r := runCheck(t, "touch", st); r.result != "ok" || r.where != "/dev/input/event3" || r.detail != "touched at (400,240)" {
		t.Errorf("touch: %+v", r)
	}
	st.scanned <- "late: the wait is over"
	if r := runCheck(t, "scanner", st); r.result != "FAIL" || r.where != "/dev/input/event5" || r.detail != "no scan within 50ms" {
		t.Errorf("scanner: %+v", r)
	}
	if r := runCheck(t, "pir", st); r.result != "ok" || r.detail != "motion seen" {
		t.Errorf("pir: %+v", r)
	}
	if out := st.out.(*strings.Builder).String(); out != "touch: ok\nmotion: ok\n" {
		t.Errorf("reported %q as they came", out)
	}

	// No inputs: their rows are skipped, and motion is still waited for.
	st = newSelftestRun(healthy(nil))
	if r := runCheck(t, "touch", st); r.result != "skip" || r.detail != "no --input" {
		t.Errorf("touch without inputs: %+v", r)
	}
	if r := runCheck(t, "pir", st); r.result != "FAIL" || r.detail != "no motion within 50ms" {
		t.Errorf("pir without motion: %+v", r)
	}
	// The motion sensor not fitted: nothing is waited for.
	st = newSelftestRun(healthy(map[firmware.PartID]firmware.PartState{firmware.PartPIR: firmware.PartNotFitted}))
	st.timeout = time.Hour
	if r := runCheck(t, "pir", st); r.result != "skip" {
		t.Errorf("pir not fitted: %+v", r)
	}
	// A cancelled self-test stops waiting.
	st = newSelftestRun(healthy(nil))
	st.timeout = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := st.waitInputs(ctx); err == nil {
		t.Error("waitInputs went on after the self-test was cancelled")
	}
}
