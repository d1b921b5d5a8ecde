package board

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpioreg"
	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/i2c/i2creg"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/host/v3"

	"github.com/motcua/kiosk/devices/bh1750"
	"github.com/motcua/kiosk/devices/bme280"
	"github.com/motcua/kiosk/devices/buzzer"
	"github.com/motcua/kiosk/devices/doorswitch"
	"github.com/motcua/kiosk/devices/led"
	"github.com/motcua/kiosk/devices/pir"
	"github.com/motcua/kiosk/firmware"
)

// Board is what the kiosk asks of a board, real or simulated.
type Board interface {
	firmware.Indicators
	// DeviceHealth is every part of DESIGN §2 in firmware.Parts() order,
	// the sensors' readings and the alerts, for staff mode, the self-test
	// and /metrics.
	firmware.DeviceMonitor
	// Indicator returns an LED's pattern as last set.
	Indicator(led firmware.Indicator) firmware.Pattern
	// RaiseAlert lights the fault LED for an alert from outside the board
	// (the ledger's trouble), replacing one of the same kind; ClearAlert
	// takes it back.
	RaiseAlert(a firmware.Alert)
	ClearAlert(k firmware.AlertKind)
	// Beep sounds the buzzer: one tone for ok, two for an error.
	Beep(ok bool)
	// Run reads the sensors and retries failing parts until ctx is done.
	Run(ctx context.Context)
	// Halt turns the LEDs and the buzzer off.
	Halt() error
	String() string
}

// Host is how a board reaches the hardware: periph's registries on a Pi,
// fakes in tests.
type Host struct {
	Init func() error
	I2C  func(name string) (i2c.BusCloser, error)
	Pin  func(name string) gpio.PinIO
}

// PeriphHost is periph's host drivers: on a Pi 3/4 the BCM283x registers,
// on a Pi 5 the GPIO character device.
var PeriphHost = Host{
	Init: func() error { _, err := host.Init(); return err },
	I2C:  i2creg.Open,
	Pin:  gpioreg.ByName,
}

// Config is a Pi board's wiring. An empty pin name or a zero address is a
// part that is not fitted.
type Config struct {
	I2CBus string // periph's name for the bus: "" for the first, "1" for I²C1
	BME280 uint16 // address
	BH1750 uint16 // address
	PIR    string // pin names as periph knows them: "GPIO17"
	Door   string
	LEDs   map[firmware.Indicator]string
	Buzzer string

	Thresholds Thresholds
	// EnvEvery and LightEvery are how often the sensors are read while
	// they work.
	EnvEvery, LightEvery time.Duration
	// MaxBackoff bounds the wait between tries of a failing part.
	MaxBackoff time.Duration

	Callbacks
	Log  *slog.Logger
	Host *Host // nil: PeriphHost
}

// DefaultConfig is the wiring of DESIGN §2.
func DefaultConfig() Config {
	return Config{
		BME280: bme280.Addr,
		BH1750: bh1750.Addr,
		PIR:    "GPIO17",
		Door:   "GPIO27",
		LEDs: map[firmware.Indicator]string{
			firmware.LEDHeartbeat: "GPIO5",
			firmware.LEDNetwork:   "GPIO6",
			firmware.LEDPortal:    "GPIO13",
			firmware.LEDFault:     "GPIO19",
		},
		Buzzer:     "GPIO26",
		Thresholds: DefaultThresholds,
		EnvEvery:   30 * time.Second,
		LightEvery: 2 * time.Second,
		MaxBackoff: 5 * time.Minute,
	}
}

// ledOrder is the LEDs in the order Parts lists them.
var ledOrder = []firmware.Indicator{firmware.LEDHeartbeat, firmware.LEDNetwork, firmware.LEDPortal, firmware.LEDFault}

// Pi is the board on a Raspberry Pi: the parts of DESIGN §2 on its 40-pin
// header.
type Pi struct {
	cfg  Config
	log  *slog.Logger
	host Host

	bus  i2c.BusCloser
	leds map[firmware.Indicator]*led.Dev
	buzz *buzzer.Dev
	pir  *pir.Dev
	door *doorswitch.Dev
	// bme and bh are owned by their polling goroutines once Run started.
	bme *bme280.Dev
	bh  *bh1750.Dev

	// ledMu keeps an LED's pattern and what it shows in step when several
	// goroutines set it.
	ledMu sync.Mutex
	state
}

var _ Board = (*Pi)(nil)

// Open opens the buses and pins of cfg. A part that is missing or fails is
// reported by Parts and lights the fault LED, never an error: the kiosk
// runs without it. Only a configuration that cannot be right (an LED the
// kiosk does not have) is an error.
func Open(cfg Config) (*Pi, error) {
	for ind := range cfg.LEDs {
		if !slices.Contains(ledOrder, ind) {
			return nil, fmt.Errorf("board: unknown LED %q", ind)
		}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	d := DefaultConfig()
	if cfg.EnvEvery <= 0 {
		cfg.EnvEvery = d.EnvEvery
	}
	if cfg.LightEvery <= 0 {
		cfg.LightEvery = d.LightEvery
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = d.MaxBackoff
	}
	p := &Pi{cfg: cfg, log: cfg.Log, host: PeriphHost, leds: map[firmware.Indicator]*led.Dev{}}
	if cfg.Host != nil {
		p.host = *cfg.Host
	}
	p.state.init(cfg.Log)
	p.cb, p.thr = cfg.Callbacks, cfg.Thresholds
	p.declare(cfg)
	defer func() {
		// From here on the fault LED follows the faults, starting with
		// those found while opening.
		p.setFaultLED = func(pat firmware.Pattern) { p.SetIndicator(firmware.LEDFault, pat) }
		p.updateFault()
	}()

	if err := p.host.Init(); err != nil {
		err = fmt.Errorf("board: periph host: %w", err)
		p.log.Warn("no GPIO or I²C on this machine", "err", err)
		for _, part := range p.order {
			if p.parts[part].State != firmware.PartNotFitted {
				p.set(part, firmware.PartMissing, err.Error())
			}
		}
		return p, nil
	}
	if cfg.BME280 != 0 || cfg.BH1750 != 0 {
		bus, err := p.host.I2C(cfg.I2CBus)
		if err != nil {
			err = fmt.Errorf("board: I²C bus %q: %w", cfg.I2CBus, err)
			p.log.Warn("no I²C bus", "err", err)
			for _, part := range []firmware.PartID{firmware.PartBME280, firmware.PartBH1750} {
				if p.parts[part].State != firmware.PartNotFitted {
					p.set(part, firmware.PartMissing, err.Error())
				}
			}
		} else {
			p.bus = bus
			p.openBME()
			p.openBH()
		}
	}
	for _, ind := range ledOrder {
		name, ok := cfg.LEDs[ind]
		if !ok || name == "" {
			continue
		}
		pin, err := p.pin(name)
		if err == nil {
			var dev *led.Dev
			if dev, err = led.New(pin, nil); err == nil {
				p.leds[ind] = dev
			}
		}
		p.result(firmware.LEDPart(ind), "", err)
	}
	if cfg.Buzzer != "" {
		pin, err := p.pin(cfg.Buzzer)
		if err == nil {
			p.buzz, err = buzzer.New(pin, nil)
		}
		p.result(firmware.PartBuzzer, "", err)
	}
	if cfg.PIR != "" {
		pin, err := p.pin(cfg.PIR)
		if err == nil {
			p.pir, err = pir.New(pin, nil)
		}
		p.result(firmware.PartPIR, "", err)
	}
	if cfg.Door != "" {
		pin, err := p.pin(cfg.Door)
		if err == nil {
			p.door, err = doorswitch.New(pin, nil)
		}
		if err == nil {
			open := p.door.Open()
			p.doorChanged(open)
		}
		p.result(firmware.PartDoor, "", err)
	}
	return p, nil
}

// declare lists every part with where the configuration puts it.
func (p *Pi) declare(cfg Config) {
	bus := "I2C"
	if cfg.I2CBus != "" {
		bus = "I2C" + strings.TrimPrefix(cfg.I2CBus, "I2C")
	}
	addr := func(a uint16) string {
		if a == 0 {
			return ""
		}
		return fmt.Sprintf("%s 0x%02x", bus, a)
	}
	where := map[firmware.PartID]string{
		firmware.PartBME280: addr(cfg.BME280),
		firmware.PartBH1750: addr(cfg.BH1750),
		firmware.PartPIR:    cfg.PIR,
		firmware.PartDoor:   cfg.Door,
		firmware.PartBuzzer: cfg.Buzzer,
	}
	for _, ind := range ledOrder {
		where[firmware.LEDPart(ind)] = cfg.LEDs[ind]
	}
	for _, id := range firmware.Parts() {
		p.add(id, where[id])
	}
}

// errNoPin is a pin name the host does not know.
var errNoPin = errors.New("no such pin")

func (p *Pi) pin(name string) (gpio.PinIO, error) {
	pin := p.host.Pin(name)
	if pin == nil {
		return nil, fmt.Errorf("board: %s: %w", name, errNoPin)
	}
	return pin, nil
}

// result records the outcome of opening a GPIO part.
func (p *Pi) result(part firmware.PartID, detail string, err error) {
	switch {
	case err == nil:
		p.set(part, firmware.PartOK, detail)
	case errors.Is(err, errNoPin):
		p.set(part, firmware.PartMissing, err.Error())
	default:
		p.set(part, firmware.PartFault, err.Error())
	}
}

// openBME tries the enclosure sensor. No answer is a missing part; a wrong
// chip or garbage is a fault.
func (p *Pi) openBME() {
	if p.cfg.BME280 == 0 || p.bus == nil {
		return
	}
	dev, err := bme280.New(p.bus, p.cfg.BME280, nil)
	if err != nil {
		var id *bme280.ChipIDError
		if errors.As(err, &id) || errors.Is(err, bme280.ErrCalibration) {
			p.set(firmware.PartBME280, firmware.PartFault, err.Error())
		} else {
			p.set(firmware.PartBME280, firmware.PartMissing, err.Error())
		}
		return
	}
	p.bme = dev
	p.set(firmware.PartBME280, firmware.PartOK, "")
}

func (p *Pi) openBH() {
	if p.cfg.BH1750 == 0 || p.bus == nil {
		return
	}
	dev, err := bh1750.New(p.bus, p.cfg.BH1750, nil)
	if err != nil {
		p.set(firmware.PartBH1750, firmware.PartMissing, err.Error())
		return
	}
	p.bh = dev
	p.set(firmware.PartBH1750, firmware.PartOK, "")
}

// senseEnv reads the enclosure sensor, opening it again if it failed.
func (p *Pi) senseEnv() bool {
	if p.bme == nil {
		p.openBME()
		if p.bme == nil {
			return false
		}
	}
	var e physic.Env
	if err := p.bme.Sense(&e); err != nil {
		p.set(firmware.PartBME280, firmware.PartFault, err.Error())
		// Start again from the chip ID next time: it may have been
		// replugged or reset.
		p.bme = nil
		return false
	}
	p.set(firmware.PartBME280, firmware.PartOK, fmt.Sprintf("%s %s %s", e.Temperature, e.Humidity, e.Pressure))
	p.envRead(e)
	return true
}

func (p *Pi) senseLight() bool {
	if p.bh == nil {
		p.openBH()
		if p.bh == nil {
			return false
		}
	}
	l, err := p.bh.SenseLight()
	if err != nil && !errors.Is(err, bh1750.ErrSaturated) {
		p.set(firmware.PartBH1750, firmware.PartFault, err.Error())
		p.bh = nil
		return false
	}
	lux := float64(l) / float64(physic.Lumen)
	p.set(firmware.PartBH1750, firmware.PartOK, fmt.Sprintf("%.0f lx", lux))
	p.lightRead(lux)
	return true
}

// Run reads the sensors until ctx is done: each I²C sensor at its
// interval, and with a growing backoff while it fails; the PIR and the door
// switch as they change.
func (p *Pi) Run(ctx context.Context) {
	var wg sync.WaitGroup
	if p.cfg.BME280 != 0 && p.bus != nil {
		wg.Go(func() { p.poll(ctx, p.cfg.EnvEvery, p.senseEnv) })
	}
	if p.cfg.BH1750 != 0 && p.bus != nil {
		wg.Go(func() { p.poll(ctx, p.cfg.LightEvery, p.senseLight) })
	}
	if p.pir != nil {
		wg.Go(func() {
			for ctx.Err() == nil {
				if motion, changed := p.pir.WaitForChange(time.Minute); changed {
					p.motionChanged(motion)
				}
			}
		})
	}
	if p.door != nil {
		wg.Go(func() {
			for ctx.Err() == nil {
				if open, changed := p.door.WaitForChange(time.Minute); changed {
					p.doorChanged(open)
				}
			}
		})
	}
	<-ctx.Done()
	if p.pir != nil {
		p.pir.Halt()
	}
	if p.door != nil {
		p.door.Halt()
	}
	wg.Wait()
}

// poll calls sense at every, and after a failure again after a backoff
// that doubles up to MaxBackoff.
func (p *Pi) poll(ctx context.Context, every time.Duration, sense func() bool) {
	backoff := time.Duration(0)
	for {
		wait := every
		if sense() {
			backoff = 0
		} else {
			backoff = min(max(2*backoff, time.Second), p.cfg.MaxBackoff)
			wait = backoff
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// SetIndicator shows an LED's pattern; an LED not fitted or missing is
// skipped.
func (p *Pi) SetIndicator(ind firmware.Indicator, pat firmware.Pattern) {
	// The LED's failure is recorded once ledMu is free: recording it
	// lights the fault LED, through SetIndicator again.
	if err := p.setLED(ind, pat); err != nil {
		p.set(firmware.LEDPart(ind), firmware.PartFault, err.Error())
	}
}

// setLED shows an LED's pattern, when it changed and the LED is fitted.
func (p *Pi) setLED(ind firmware.Indicator, pat firmware.Pattern) error {
	p.ledMu.Lock()
	defer p.ledMu.Unlock()
	if !p.setPattern(ind, pat) {
		return nil
	}
	if dev := p.leds[ind]; dev != nil {
		return dev.Set(pat)
	}
	return nil
}

// Beep sounds the buzzer, if fitted.
func (p *Pi) Beep(ok bool) {
	if p.buzz == nil {
		return
	}
	var err error
	if ok {
		err = p.buzz.Success()
	} else {
		err = p.buzz.Error()
	}
	if err != nil {
		p.set(firmware.PartBuzzer, firmware.PartFault, err.Error())
	}
}

// Halt turns the LEDs and the buzzer off and closes the bus.
func (p *Pi) Halt() error {
	var errs []error
	for _, ind := range slices.Sorted(maps.Keys(p.leds)) {
		errs = append(errs, p.leds[ind].Halt())
	}
	if p.buzz != nil {
		errs = append(errs, p.buzz.Halt())
	}
	if p.bus != nil {
		errs = append(errs, p.bus.Close())
	}
	return errors.Join(errs...)
}

func (p *Pi) String() string { return "pi" }

// state is what both boards keep: parts, readings, alerts, LED patterns.
type state struct {
	slog *slog.Logger
	cb   Callbacks
	thr  Thresholds

	mu       sync.Mutex
	parts    map[firmware.PartID]*firmware.PartHealth
	order    []firmware.PartID
	readings Readings
	alerts   map[firmware.AlertKind]firmware.Alert
	patterns map[firmware.Indicator]firmware.Pattern
	// faultMu guards faultBusy and faultAgain: one goroutine at a time
	// works out and sets the fault LED, and does it again when trouble
	// changed meanwhile, so that two changes at once cannot leave it
	// showing the older one (see updateFault).
	faultMu    sync.Mutex
	faultBusy  bool
	faultAgain bool
	// setFaultLED sets the fault LED's pattern; nil until the board is
	// open.
	setFaultLED func(firmware.Pattern)
}

func (s *state) init(log *slog.Logger) {
	s.slog = log
	s.parts = map[firmware.PartID]*firmware.PartHealth{}
	s.alerts = map[firmware.AlertKind]firmware.Alert{}
	s.patterns = map[firmware.Indicator]firmware.Pattern{}
}

// notOpened is a fitted part's detail until the board tried it.
const notOpened = "not opened"

// add lists a part: fitted where says, missing until it is opened.
func (s *state) add(id firmware.PartID, where string) {
	s.order = append(s.order, id)
	p := &firmware.PartHealth{ID: id, Where: where, State: firmware.PartMissing, Detail: notOpened, Since: time.Now()}
	if where == "" {
		p.Where, p.State, p.Detail = "-", firmware.PartNotFitted, ""
	}
	s.parts[id] = p
}

// set records a part's state and detail, logging and updating the fault
// LED when the state changed.
func (s *state) set(id firmware.PartID, st firmware.PartState, detail string) {
	s.mu.Lock()
	p := s.parts[id]
	changed := p.State != st || p.Detail == notOpened
	p.Detail = detail
	if changed {
		p.State, p.Since = st, time.Now()
	}
	where := p.Where
	s.mu.Unlock()
	if !changed {
		return
	}
	switch st {
	case firmware.PartOK:
		s.slog.Info("part ok", "part", string(id), "where", where)
	default:
		s.slog.Warn("part "+string(st), "part", string(id), "where", where, "err", detail)
	}
	s.updateFault()
}

func (s *state) envRead(e physic.Env) {
	s.mu.Lock()
	s.readings.Env, s.readings.EnvAt = e, time.Now()
	s.mu.Unlock()
	s.setAlert(firmware.Alert{Kind: firmware.AlertTooHot, Value: celsius(e.Temperature)}, s.thr.tooHot(e))
	s.setAlert(firmware.Alert{Kind: firmware.AlertTooDamp, Value: percentRH(e.Humidity)}, s.thr.tooDamp(e))
}

func (s *state) lightRead(lux float64) {
	s.mu.Lock()
	s.readings.Lux, s.readings.LuxAt = lux, time.Now()
	s.mu.Unlock()
	if s.cb.OnLight != nil {
		s.cb.OnLight(lux)
	}
}

func (s *state) motionChanged(motion bool) {
	s.mu.Lock()
	s.readings.Motion = motion
	if motion {
		s.readings.MotionAt = time.Now()
	}
	s.mu.Unlock()
	if motion && s.cb.OnMotion != nil {
		s.cb.OnMotion()
	}
}

func (s *state) doorChanged(open bool) {
	s.mu.Lock()
	s.readings.DoorOpen, s.readings.DoorAt = open, time.Now()
	s.mu.Unlock()
	if open {
		s.slog.Warn("tamper: the cabinet is open")
	}
	s.setAlert(firmware.Alert{Kind: firmware.AlertCabinetOpen}, open)
	if s.cb.OnDoor != nil {
		s.cb.OnDoor(open)
	}
}

// Readings returns the sensors' last values as the drivers gave them.
func (s *state) Readings() Readings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readings
}

// RaiseAlert keeps an alert for the fault LED, replacing one of its kind.
func (s *state) RaiseAlert(a firmware.Alert) { s.setAlert(a, true) }

// ClearAlert takes back the alert of a kind.
func (s *state) ClearAlert(k firmware.AlertKind) { s.setAlert(firmware.Alert{Kind: k}, false) }

// setAlert raises a or, when on is false, clears its kind, and updates the
// fault LED when that changed whether the alert stands.
func (s *state) setAlert(a firmware.Alert, on bool) {
	s.mu.Lock()
	_, was := s.alerts[a.Kind]
	if on {
		s.alerts[a.Kind] = a
	} else {
		delete(s.alerts, a.Kind)
	}
	s.mu.Unlock()
	if was != on {
		s.updateFault()
	}
}

// trouble reports whether any alert stands or any fitted part is missing
// or faulty.
func (s *state) trouble() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.alerts) > 0 {
		return true
	}
	for _, p := range s.parts {
		if p.State.Trouble() {
			return true
		}
	}
	return false
}

// updateFault lights the fault LED while there is any trouble. A call made
// while another is setting the LED (from another goroutine, or from the
// LED's own failure being recorded) has that one look again, rather than
// wait for it.
func (s *state) updateFault() {
	s.faultMu.Lock()
	if s.faultBusy {
		s.faultAgain = true
		s.faultMu.Unlock()
		return
	}
	s.faultBusy = true
	for {
		s.faultAgain = false
		s.faultMu.Unlock()
		if s.setFaultLED != nil {
			pat := firmware.PatternOff
			if s.trouble() {
				pat = firmware.PatternOn
			}
			s.setFaultLED(pat)
		}
		s.faultMu.Lock()
		if !s.faultAgain {
			break
		}
	}
	s.faultBusy = false
	s.faultMu.Unlock()
}

// setPattern records an LED's pattern and reports whether it changed.
func (s *state) setPattern(ind firmware.Indicator, pat firmware.Pattern) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, seen := s.patterns[ind]
	s.patterns[ind] = pat
	return !seen || old != pat
}

// Indicator returns an LED's pattern as last set (off when never set).
func (s *state) Indicator(ind firmware.Indicator) firmware.Pattern {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.patterns[ind]
}
