package board

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/firmware"
)

// chips is an I²C bus with a BME280 and a BH1750 that answer from register
// maps, each of which can be unplugged (NACK, as Linux reports "remote I/O
// error") or made to read garbage. It stands in for the traffic the
// drivers' own tests replay.
type chips struct {
	mu      sync.Mutex
	present map[uint16]bool
	regs    [256]byte // the BME280's
	lux     uint16    // the BH1750's count
	txs     int
	closed  bool
}

var errNACK = errors.New("sysfs-i2c: remote I/O error")

func newChips() *chips {
	c := &chips{present: map[uint16]bool{0x76: true, 0x23: true}, lux: 360}
	c.regs[0xD0] = 0x60
	// The datasheet's calibration example and a typical humidity block.
	calib := []byte{0x70, 0x6b, 0x43, 0x67, 0x18, 0xfc, 0x7d, 0x8e, 0x43, 0xd6, 0xd0, 0x0b, 0x27, 0x0b,
		0x8c, 0x00, 0xf9, 0xff, 0x8c, 0x3c, 0xf8, 0xc6, 0x70, 0x17, 0x00, 0x4b}
	copy(c.regs[0x88:], calib)
	copy(c.regs[0xE1:], []byte{0x6a, 0x01, 0x00, 0x13, 0xf2, 0x03, 0x1e})
	// adcP 415148, adcT 519888 (25.08 °C), adcH 30000
	copy(c.regs[0xF7:], []byte{0x65, 0x5a, 0xc0, 0x7e, 0xed, 0x00, 0x75, 0x30})
	return c
}

func (c *chips) set(fn func(c *chips)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fn(c)
}

func (c *chips) String() string { return "I2C1" }

func (c *chips) Tx(addr uint16, w, r []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.txs++
	if !c.present[addr] {
		return errNACK
	}
	switch addr {
	case 0x76:
		if len(w) == 0 {
			return errNACK
		}
		reg := int(w[0])
		if len(w) == 2 && reg != 0xE0 && reg < 0xF7 {
			c.regs[reg] = w[1]
			if reg == 0xF4 {
				c.regs[0xF4] &^= 3 // forced mode ends at once
			}
		}
		copy(r, c.regs[reg:])
	case 0x23:
		if len(r) == 2 {
			r[0], r[1] = byte(c.lux>>8), byte(c.lux)
		}
	}
	return nil
}

func (c *chips) SetSpeed(physic.Frequency) error { return nil }

func (c *chips) Close() error {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	return nil
}

// pins is a pin registry of gpiotest pins, some of which do not exist.
type pins map[string]*gpiotest.Pin

// shut is the door switch's pin with the door shut: the switch holds it
// low against the pull-up.
type shut struct{ *gpiotest.Pin }

func (s shut) In(pull gpio.Pull, edge gpio.Edge) error {
	err := s.Pin.In(pull, edge)
	s.Lock()
	s.L = gpio.Low
	s.Unlock()
	return err
}

func newPins(names ...string) pins {
	p := pins{}
	for _, n := range names {
		p[n] = &gpiotest.Pin{N: n, EdgesChan: make(chan gpio.Level, 16)}
	}
	return p
}

func (p pins) host(bus *chips) *Host {
	return &Host{
		Init: func() error { return nil },
		I2C: func(name string) (i2c.BusCloser, error) {
			if bus == nil {
				return nil, errors.New("no I²C bus")
			}
			return bus, nil
		},
		Pin: func(name string) gpio.PinIO {
			pin, ok := p[name]
			switch {
			case !ok:
				return nil
			case name == "GPIO27" && pin.L == gpio.Low:
				return shut{pin}
			}
			return pin
		},
	}
}

func testConfig(h *Host, log *bytes.Buffer) Config {
	c := DefaultConfig()
	c.Host = h
	c.Log = slog.New(slog.NewTextHandler(log, nil))
	c.EnvEvery, c.LightEvery, c.MaxBackoff = 20*time.Millisecond, 20*time.Millisecond, 30*time.Millisecond
	return c
}

func states(b Board) string {
	var s []string
	for _, p := range b.DeviceHealth().Parts {
		s = append(s, string(p.ID)+"="+string(p.State))
	}
	return strings.Join(s, " ")
}

// part is one part of b's health.
func part(b Board, id firmware.PartID) firmware.PartHealth {
	p, _ := b.DeviceHealth().Part(id)
	return p
}

var allPins = []string{"GPIO5", "GPIO6", "GPIO13", "GPIO19", "GPIO17", "GPIO27", "GPIO26"}

func TestPiAllPresent(t *testing.T) {
	var log bytes.Buffer
	bus := newChips()
	pp := newPins(allPins...)
	pp["GPIO27"].L = gpio.Low // door shut: the switch pulls to ground
	b, err := Open(testConfig(pp.host(bus), &log))
	if err != nil {
		t.Fatal(err)
	}
	want := "bme280=ok bh1750=ok pir=ok door=ok led-heartbeat=ok led-network=ok led-portal=ok led-fault=ok buzzer=ok"
	if got := states(b); got != want {
		t.Fatalf("parts %s\nwant  %s\n%s", got, want, log.String())
	}
	if h := b.DeviceHealth(); h.Trouble() || pp["GPIO19"].Read() != gpio.Low {
		t.Fatalf("health %+v, fault LED %s", h, pp["GPIO19"].L)
	}
	b.SetIndicator(firmware.LEDPortal, firmware.PatternOn)
	if pp["GPIO13"].Read() != gpio.High || b.Indicator(firmware.LEDPortal) != firmware.PatternOn {
		t.Fatal("portal LED not on")
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	waitFor(t, "readings", func() bool { r := b.Readings(); return !r.EnvAt.IsZero() && !r.LuxAt.IsZero() })
	r := b.Readings()
	if c := r.Env.Temperature.Celsius(); c < 25 || c > 25.2 {
		t.Errorf("temperature %s, want the datasheet's 25.08 °C", r.Env.Temperature)
	}
	if r.Lux != 300 {
		t.Errorf("light %g lx, want 360/1.2", r.Lux)
	}
	cancel()
	<-done
	if err := b.Halt(); err != nil {
		t.Fatal(err)
	}
	if !bus.closed || pp["GPIO13"].Read() != gpio.Low {
		t.Fatal("Halt left the bus open or an LED on")
	}
}

// TestPiPartsMissing is a Pi with nothing on the I²C bus and only the
// LEDs wired: the kiosk must run, report each missing part and light the
// fault LED.
func TestPiPartsMissing(t *testing.T) {
	var log bytes.Buffer
	bus := newChips()
	bus.present = map[uint16]bool{}
	pp := newPins("GPIO5", "GPIO6", "GPIO13", "GPIO19")
	b, err := Open(testConfig(pp.host(bus), &log))
	if err != nil {
		t.Fatal(err)
	}
	want := "bme280=missing bh1750=missing pir=missing door=missing led-heartbeat=ok led-network=ok led-portal=ok led-fault=ok buzzer=missing"
	if got := states(b); got != want {
		t.Fatalf("parts %s\nwant  %s", got, want)
	}
	if pp["GPIO19"].Read() != gpio.High {
		t.Fatal("fault LED not lit for the missing parts")
	}
	if !strings.Contains(part(b, firmware.PartBME280).Detail, "remote I/O error") ||
		!strings.Contains(part(b, firmware.PartPIR).Detail, "no such pin") {
		t.Fatalf("parts %+v", b.DeviceHealth().Parts)
	}
	b.Beep(true) // no buzzer: nothing, no panic

	// A sensor plugged in later is found by the retries.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	time.Sleep(50 * time.Millisecond)
	bus.set(func(c *chips) { c.present[0x76] = true })
	waitFor(t, "the late BME280", func() bool { return part(b, firmware.PartBME280).State == firmware.PartOK })
	cancel()
	<-done
	if !strings.Contains(log.String(), `part missing" part=bme280`) || !strings.Contains(log.String(), `"part ok" part=bme280`) {
		t.Errorf("log:\n%s", log.String())
	}
}

func TestPiNoHost(t *testing.T) {
	var log bytes.Buffer
	h := &Host{Init: func() error { return errors.New("no Raspberry Pi here") }}
	b, err := Open(testConfig(h, &log))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range b.DeviceHealth().Parts {
		if p.State != firmware.PartMissing || !strings.Contains(p.Detail, "no Raspberry Pi here") {
			t.Errorf("%v", p)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b.Run(ctx)
	b.SetIndicator(firmware.LEDHeartbeat, firmware.PatternHeartbeat)
	if err := b.Halt(); err != nil {
		t.Fatal(err)
	}
}

func TestPiNotFitted(t *testing.T) {
	var log bytes.Buffer
	b, err := Open(Config{Host: newPins().host(nil), Log: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := b.DeviceHealth()
	for _, p := range h.Parts {
		if p.State != firmware.PartNotFitted || p.Where != "-" {
			t.Errorf("%v", p)
		}
	}
	if h.Trouble() || len(h.Readings) != 0 {
		t.Fatalf("health %+v", h)
	}
	if _, err := Open(Config{LEDs: map[firmware.Indicator]string{"disco": "GPIO4"}}); err == nil {
		t.Fatal("an unknown LED accepted")
	}
}

// TestPiGarbage: a chip that answers wrongly is a fault, not a missing
// part, and a sensor that starts failing is retried until it recovers.
func TestPiGarbage(t *testing.T) {
	var log bytes.Buffer
	bus := newChips()
	bus.regs[0xD0] = 0x58 // a BMP280 sold as a BME280
	pp := newPins(allPins...)
	pp["GPIO27"].L = gpio.Low
	b, err := Open(testConfig(pp.host(bus), &log))
	if err != nil {
		t.Fatal(err)
	}
	if p := part(b, firmware.PartBME280); p.State != firmware.PartFault || !strings.Contains(p.Detail, "0x58") {
		t.Fatalf("BMP280: %v", p)
	}
	bus.set(func(c *chips) {
		c.regs[0xD0] = 0x60
		for i := 0x88; i < 0xA2; i++ {
			c.regs[i] = 0xFF // a floating SDA line
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	waitFor(t, "the calibration fault", func() bool {
		return strings.Contains(part(b, firmware.PartBME280).Detail, "calibration")
	})
	// Readings stop and come back: the light sensor's bus fails for a while.
	bus.set(func(c *chips) { c.present[0x23] = false })
	waitFor(t, "the light fault", func() bool { return part(b, firmware.PartBH1750).State != firmware.PartOK })
	if pp["GPIO19"].Read() != gpio.High {
		t.Fatal("fault LED off during faults")
	}
	bus.set(func(c *chips) { c.present[0x23] = true; copy(c.regs[0x88:], newChips().regs[0x88:0xA2]) })
	waitFor(t, "recovery", func() bool { return !b.DeviceHealth().Trouble() })
	// The LED is set just after the health changes.
	waitFor(t, "the fault LED off after recovery", func() bool { return pp["GPIO19"].Read() == gpio.Low })
	cancel()
	<-done
}

func TestPiAlerts(t *testing.T) {
	var log bytes.Buffer
	bus := newChips()
	pp := newPins(allPins...)
	pp["GPIO27"].L = gpio.High // the cabinet is open at boot
	cfg := testConfig(pp.host(bus), &log)
	cfg.Thresholds.MaxTemperature = 20*physic.Celsius + physic.ZeroCelsius
	var mu sync.Mutex
	var motions int
	var door []bool
	cfg.OnMotion = func() { mu.Lock(); motions++; mu.Unlock() }
	cfg.OnDoor = func(open bool) { mu.Lock(); door = append(door, open); mu.Unlock() }
	b, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, open := b.DeviceHealth().Alert(firmware.AlertCabinetOpen); !open || !b.Readings().DoorOpen {
		t.Fatalf("open cabinet not an alert: %+v", b.DeviceHealth())
	}
	if v, _ := b.DeviceHealth().Reading(firmware.CabinetOpen); v != 1 {
		t.Fatalf("cabinet_open reading %v, want 1", v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	waitFor(t, "the heat alert", func() bool {
		a, hot := b.DeviceHealth().Alert(firmware.AlertTooHot)
		return hot && a.Value > 25 && a.Value < 25.2
	})
	if _, damp := b.DeviceHealth().Alert(firmware.AlertTooDamp); damp {
		t.Error("too damp below the humidity threshold")
	}

	pp["GPIO17"].EdgesChan <- gpio.High // someone walks up
	pp["GPIO27"].EdgesChan <- gpio.Low  // the cabinet is shut
	waitFor(t, "motion and the door", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return motions == 1 && len(door) == 2 && !door[1]
	})
	if _, open := b.DeviceHealth().Alert(firmware.AlertCabinetOpen); open || !b.Readings().Motion {
		t.Fatalf("after closing: health %+v, readings %+v", b.DeviceHealth(), b.Readings())
	}
	cancel()
	<-done
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSimBoard(t *testing.T) {
	s := NewSim(nil)
	var moved sync.WaitGroup
	moved.Add(1)
	s.SetCallbacks(Callbacks{OnMotion: moved.Done})
	ctx, cancel := context.WithCancel(context.Background())
	go s.Run(ctx)
	moved.Wait()
	cancel()
	for _, p := range s.DeviceHealth().Parts {
		if p.State != firmware.PartOK {
			t.Errorf("%v", p)
		}
	}
	r := s.Readings()
	if c := r.Env.Temperature.Celsius(); c < 25 || c > 40 || r.Lux <= 0 {
		t.Fatalf("readings %+v", r)
	}
	s.RaiseAlert(firmware.Alert{Kind: firmware.AlertLedger})
	if s.Indicator(firmware.LEDFault) != firmware.PatternOn {
		t.Fatal("fault LED off with a fault")
	}
	s.ClearAlert(firmware.AlertLedger)
	if s.Indicator(firmware.LEDFault) != firmware.PatternOff {
		t.Fatal("fault LED on without faults")
	}
}

// failing is an LED's pin whose writes fail once fail is set: a wire that
// came loose, or a GPIO line another program took.
type failing struct {
	*gpiotest.Pin
	fail *atomic.Bool
}

func (f failing) Out(l gpio.Level) error {
	if f.fail.Load() {
		return errors.New("gpio: line busy")
	}
	return f.Pin.Out(l)
}

// TestPiLEDFails: an LED that cannot be set is reported as a fault and
// lights the fault LED, and a fault LED that cannot be set is reported too;
// neither stops the board (recording the failure sets the fault LED, which
// goes through the same lock).
func TestPiLEDFails(t *testing.T) {
	for _, tc := range []struct {
		pin string
		ind firmware.Indicator
	}{{"GPIO5", firmware.LEDHeartbeat}, {"GPIO19", firmware.LEDFault}} {
		t.Run(tc.pin, func(t *testing.T) {
			var log bytes.Buffer
			pp := newPins(allPins...)
			pp["GPIO27"].L = gpio.Low
			h := pp.host(newChips())
			var fail atomic.Bool
			pin := h.Pin
			h.Pin = func(name string) gpio.PinIO {
				if name == tc.pin {
					return failing{pp[name], &fail}
				}
				return pin(name)
			}
			b, err := Open(testConfig(h, &log))
			if err != nil {
				t.Fatal(err)
			}
			fail.Store(true)
			done := make(chan struct{})
			go func() {
				defer close(done)
				b.SetIndicator(tc.ind, firmware.PatternOn)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("SetIndicator did not return: the board is stuck")
			}
			if p := part(b, firmware.LEDPart(tc.ind)); p.State != firmware.PartFault || !strings.Contains(p.Detail, "line busy") {
				t.Errorf("the LED's part: %+v, want a fault naming the error", p)
			}
			if !b.DeviceHealth().Trouble() {
				t.Error("no trouble with a failed LED")
			}
			if tc.ind != firmware.LEDFault && pp["GPIO19"].Read() != gpio.High {
				t.Error("fault LED off with a failed LED")
			}
		})
	}
}
