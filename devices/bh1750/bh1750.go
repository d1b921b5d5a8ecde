package bh1750

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/physic"
)

// The two addresses the chip can answer at, chosen by its ADDR pin.
const (
	Addr    uint16 = 0x23 // ADDR low
	AltAddr uint16 = 0x5C // ADDR high
)

// Resolution is a one-time measurement mode; its value is the command byte.
type Resolution uint8

// One-time measurement modes (datasheet p. 5).
const (
	HighRes  Resolution = 0x20 // 1 lx steps, 180 ms at most
	HighRes2 Resolution = 0x21 // 0.5 lx steps, 180 ms at most
	LowRes   Resolution = 0x23 // 4 lx steps, 24 ms at most
)

func (r Resolution) String() string {
	switch r {
	case HighRes:
		return "high"
	case HighRes2:
		return "high2"
	case LowRes:
		return "low"
	}
	return fmt.Sprintf("Resolution(%#x)", uint8(r))
}

// The measurement time register's range and default.
const (
	MinMTreg     = 31
	MaxMTreg     = 254
	DefaultMTreg = 69
)

// Opts holds the measurement settings.
type Opts struct {
	Resolution Resolution
	// MTreg sets the sensitivity, MinMTreg..MaxMTreg; 0 means DefaultMTreg.
	MTreg uint8
}

// DefaultOpts reads 1 lx steps up to 54612 lx, plenty for following a room's
// light with a backlight.
var DefaultOpts = Opts{Resolution: HighRes, MTreg: DefaultMTreg}

// ErrSaturated means the light was at least as bright as the returned
// value, the most the sensor can count at its sensitivity.
var ErrSaturated = errors.New("reading saturated")

// Commands (datasheet p. 5).
const (
	cmdPowerDown = 0x00
	cmdMTregHigh = 0x40 // | MTreg[7:5]
	cmdMTregLow  = 0x60 // | MTreg[4:0]
)

// sleep is replaced in tests so they do not wait.
var sleep = time.Sleep

// Dev is a BH1750 on an I²C bus.
type Dev struct {
	d    i2c.Dev
	res  Resolution
	mt   int64
	wait time.Duration
	mu   sync.Mutex // one measurement at a time
}

// New checks that something acknowledges at addr (Addr or AltAddr), powers
// it down and sets its sensitivity from opts (nil means DefaultOpts).
//
// When nothing answers, the bus's error is returned wrapped; the caller
// should treat that as a missing part.
func New(bus i2c.Bus, addr uint16, opts *Opts) (*Dev, error) {
	if opts == nil {
		opts = &DefaultOpts
	}
	if addr != Addr && addr != AltAddr {
		return nil, fmt.Errorf("bh1750: address %#x is neither %#x nor %#x", addr, Addr, AltAddr)
	}
	mt := opts.MTreg
	if mt == 0 {
		mt = DefaultMTreg
	}
	if mt < MinMTreg || mt > MaxMTreg {
		return nil, fmt.Errorf("bh1750: MTreg %d outside %d..%d", mt, MinMTreg, MaxMTreg)
	}
	// Datasheet p. 2 gives the maximum times at MTreg 69; they scale with it.
	var wait time.Duration
	switch opts.Resolution {
	case HighRes, HighRes2:
		wait = 180 * time.Millisecond
	case LowRes:
		wait = 24 * time.Millisecond
	default:
		return nil, fmt.Errorf("bh1750: invalid resolution %#x", uint8(opts.Resolution))
	}
	d := &Dev{
		d:    i2c.Dev{Bus: bus, Addr: addr},
		res:  opts.Resolution,
		mt:   int64(mt),
		wait: wait * time.Duration(mt) / DefaultMTreg,
	}
	// With no ID register, an acknowledged write is all the presence check
	// there is; power-down is the state the one-time modes start from.
	if err := d.write(cmdPowerDown); err != nil {
		return nil, fmt.Errorf("bh1750: power down: %w", err)
	}
	if mt != DefaultMTreg {
		if err := d.write(cmdMTregHigh | mt>>5); err != nil {
			return nil, fmt.Errorf("bh1750: setting MTreg: %w", err)
		}
		if err := d.write(cmdMTregLow | mt&0x1F); err != nil {
			return nil, fmt.Errorf("bh1750: setting MTreg: %w", err)
		}
	}
	return d, nil
}

// SenseLight takes one measurement and returns the illuminance in lux, as
// a physic.LuminousFlux over one square metre (see the package doc). It
// blocks for the conversion: up to 180 ms at the default sensitivity.
//
// A saturated reading returns the sensor's ceiling and an error wrapping
// ErrSaturated.
func (d *Dev) SenseLight() (physic.LuminousFlux, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.write(byte(d.res)); err != nil {
		return 0, fmt.Errorf("bh1750: starting measurement: %w", err)
	}
	sleep(d.wait)
	var buf [2]byte
	if err := d.d.Tx(nil, buf[:]); err != nil {
		return 0, fmt.Errorf("bh1750: reading: %w", err)
	}
	raw := int64(buf[0])<<8 | int64(buf[1])
	// lx = count / 1.2 × 69 / MTreg, halved in HighRes2 (datasheet p. 11).
	div := 12 * d.mt
	if d.res == HighRes2 {
		div *= 2
	}
	lux := physic.LuminousFlux(raw * 10 * DefaultMTreg * int64(physic.Lumen) / div)
	if raw == 0xFFFF {
		return lux, fmt.Errorf("bh1750: %w at %s", ErrSaturated, lux)
	}
	return lux, nil
}

// Halt powers the chip down. The one-time modes already power it down after
// each reading, so Halt is a guarantee for shutdown more than a saving; it
// waits for a SenseLight in progress. SenseLight may be called again after.
func (d *Dev) Halt() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.write(cmdPowerDown); err != nil {
		return fmt.Errorf("bh1750: halt: %w", err)
	}
	return nil
}

func (d *Dev) String() string {
	return fmt.Sprintf("BH1750{%s}", &d.d)
}

func (d *Dev) write(cmd byte) error {
	return d.d.Tx([]byte{cmd}, nil)
}
