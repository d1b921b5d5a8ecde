package bh1750

import (
	"errors"
	"strings"
	"testing"
	"time"

	"periph.io/x/conn/v3/i2c/i2ctest"
	"periph.io/x/conn/v3/physic"
)

// noSleep makes the conversion wait instant and records it.
func noSleep(t *testing.T) *[]time.Duration {
	t.Helper()
	var slept []time.Duration
	old := sleep
	sleep = func(d time.Duration) { slept = append(slept, d) }
	t.Cleanup(func() { sleep = old })
	return &slept
}

func closeBus(t *testing.T, bus *i2ctest.Playback) {
	t.Helper()
	if err := bus.Close(); err != nil {
		t.Fatal(err)
	}
}

// lux converts a reading back to lux for comparisons.
func lux(f physic.LuminousFlux) float64 { return float64(f) / float64(physic.Lumen) }

func TestSenseLight(t *testing.T) {
	tests := []struct {
		name  string
		addr  uint16
		opts  *Opts
		init  []i2ctest.IO // after the power-down write
		mode  byte
		raw   []byte
		want  float64 // lux, from the datasheet's formula
		slept time.Duration
	}{
		// Datasheet p. 11: 0x83 0x90 is 33680 counts, 33680 / 1.2 ≈ 28067 lx.
		{"datasheet example", Addr, nil, nil, 0x20, []byte{0x83, 0x90}, 33680 / 1.2, 180 * time.Millisecond},
		{"dark", Addr, nil, nil, 0x20, []byte{0x00, 0x00}, 0, 180 * time.Millisecond},
		{"alternative address", AltAddr, &Opts{Resolution: LowRes}, nil, 0x23, []byte{0x01, 0x2C}, 300 / 1.2, 24 * time.Millisecond},
		// MTreg 138 = 0b100_01010 doubles the sensitivity and the wait;
		// HighRes2 halves the step again.
		{"high2 MTreg 138", Addr, &Opts{Resolution: HighRes2, MTreg: 138},
			[]i2ctest.IO{{Addr: Addr, W: []byte{0x44}}, {Addr: Addr, W: []byte{0x6A}}},
			0x21, []byte{0x03, 0xE8}, 1000 / 1.2 * 69 / 138 / 2, 360 * time.Millisecond},
		{"least sensitive", Addr, &Opts{Resolution: HighRes, MTreg: MinMTreg},
			[]i2ctest.IO{{Addr: Addr, W: []byte{0x40}}, {Addr: Addr, W: []byte{0x7F}}},
			0x20, []byte{0x03, 0xE8}, 1000 / 1.2 * 69 / 31, 180 * time.Millisecond * 31 / 69},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slept := noSleep(t)
			ops := []i2ctest.IO{{Addr: tt.addr, W: []byte{0x00}}}
			ops = append(ops, tt.init...)
			ops = append(ops,
				i2ctest.IO{Addr: tt.addr, W: []byte{tt.mode}},
				i2ctest.IO{Addr: tt.addr, R: tt.raw},
				i2ctest.IO{Addr: tt.addr, W: []byte{0x00}},
			)
			bus := &i2ctest.Playback{Ops: ops}
			defer closeBus(t, bus)
			d, err := New(bus, tt.addr, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.SenseLight()
			if err != nil {
				t.Fatal(err)
			}
			if diff := lux(got) - tt.want; diff > 0.001 || diff < -0.001 {
				t.Errorf("SenseLight() = %s (%.4f lx), want %.4f lx", got, lux(got), tt.want)
			}
			if len(*slept) != 1 || (*slept)[0] != tt.slept {
				t.Errorf("slept %v, want [%s]", *slept, tt.slept)
			}
			if err := d.Halt(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSaturated(t *testing.T) {
	noSleep(t)
	bus := &i2ctest.Playback{Ops: []i2ctest.IO{
		{Addr: Addr, W: []byte{0x00}},
		{Addr: Addr, W: []byte{0x20}},
		{Addr: Addr, R: []byte{0xFF, 0xFF}},
	}}
	defer closeBus(t, bus)
	d, err := New(bus, Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.SenseLight()
	if !errors.Is(err, ErrSaturated) {
		t.Fatalf("SenseLight() error %v, want ErrSaturated", err)
	}
	if err.Error() != "bh1750: reading saturated at 54.612klm" {
		t.Errorf("error %q", err)
	}
	// The ceiling still comes back: the light is at least this bright.
	if want := 65535 / 1.2; lux(got) < want-0.001 || lux(got) > want+0.001 {
		t.Errorf("SenseLight() = %s, want %.3f lx", got, want)
	}
}

// nack is a bus with nothing on it, as the Linux driver reports it.
type nack struct{}

func (nack) String() string                  { return "nack" }
func (nack) Tx(uint16, []byte, []byte) error { return errors.New("sysfs-i2c: remote I/O error") }
func (nack) SetSpeed(physic.Frequency) error { return nil }

func TestNewErrors(t *testing.T) {
	if _, err := New(nack{}, Addr, nil); err == nil || err.Error() != "bh1750: power down: sysfs-i2c: remote I/O error" {
		t.Errorf("New on an empty bus: %v", err)
	}
	bus := &i2ctest.Playback{DontPanic: true}
	if _, err := New(bus, Addr, nil); err == nil || !strings.HasPrefix(err.Error(), "bh1750: power down: ") {
		t.Errorf("New on an empty playback: %v", err)
	}
	bus = &i2ctest.Playback{Ops: []i2ctest.IO{{Addr: Addr, W: []byte{0x00}}}, DontPanic: true}
	if _, err := New(bus, Addr, &Opts{Resolution: HighRes, MTreg: 100}); err == nil || !strings.HasPrefix(err.Error(), "bh1750: setting MTreg: ") {
		t.Errorf("MTreg write refused: %v", err)
	}
	closeBus(t, bus)
	for _, c := range []struct {
		addr uint16
		opts Opts
	}{
		{0x40, DefaultOpts},
		{Addr, Opts{}},
		{Addr, Opts{Resolution: 0x10}}, // a continuous mode
		{Addr, Opts{Resolution: HighRes, MTreg: 30}},
		{Addr, Opts{Resolution: HighRes, MTreg: 255}},
	} {
		if _, err := New(nack{}, c.addr, &c.opts); err == nil || !strings.HasPrefix(err.Error(), "bh1750: ") || strings.Contains(err.Error(), "remote I/O") {
			t.Errorf("New(%#x, %+v) = %v, want an argument error", c.addr, c.opts, err)
		}
	}
}

func TestSenseErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		ops  []i2ctest.IO
		text string
	}{
		{"nack on start", nil, "bh1750: starting measurement: "},
		{"nack on read", []i2ctest.IO{{Addr: Addr, W: []byte{0x20}}}, "bh1750: reading: "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			noSleep(t)
			bus := &i2ctest.Playback{Ops: append([]i2ctest.IO{{Addr: Addr, W: []byte{0x00}}}, tt.ops...), DontPanic: true}
			defer closeBus(t, bus)
			d, err := New(bus, Addr, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := d.SenseLight(); err == nil || got != 0 || !strings.HasPrefix(err.Error(), tt.text) {
				t.Errorf("SenseLight() = %s, %v; want 0 and an error starting %q", got, err, tt.text)
			}
		})
	}
}

func TestString(t *testing.T) {
	bus := &i2ctest.Playback{Ops: []i2ctest.IO{{Addr: AltAddr, W: []byte{0x00}}}}
	defer closeBus(t, bus)
	d, err := New(bus, AltAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := d.String(); s != "BH1750{playback(92)}" {
		t.Errorf("String() = %q", s)
	}
}
