package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/motcua/kiosk/devices/board"
	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/settings"
)

// boardEvents passes what the board's sensors see to whoever listens: the
// kiosk counts visits and logs the cabinet opened, the appliance's screen
// wakes on motion and follows the light.
type boardEvents struct {
	motion listeners[struct{}]
	door   listeners[bool]
	light  listeners[float64]
}

func (e *boardEvents) onMotion(f func())           { e.motion.add(func(struct{}) { f() }) }
func (e *boardEvents) onDoor(f func(open bool))    { e.door.add(f) }
func (e *boardEvents) onLight(f func(lux float64)) { e.light.add(f) }

func (e *boardEvents) callbacks() board.Callbacks {
	return board.Callbacks{
		OnMotion: func() { e.motion.call(struct{}{}) },
		OnDoor:   e.door.call,
		OnLight:  e.light.call,
	}
}

// listeners is a list of functions called with each value, safe to add to
// while the board's goroutines call them.
type listeners[T any] struct {
	mu sync.Mutex
	fs []func(T)
}

func (l *listeners[T]) add(f func(T)) {
	l.mu.Lock()
	l.fs = append(l.fs, f)
	l.mu.Unlock()
}

func (l *listeners[T]) call(v T) {
	l.mu.Lock()
	fs := l.fs[:len(l.fs):len(l.fs)]
	l.mu.Unlock()
	for _, f := range fs {
		f(v)
	}
}

// openBoard opens the board the settings name: "pi" is the parts on the
// header as [pins] wires them, anything else the simulated board. Neither
// fails for a missing part.
func openBoard(c settings.Config, ev *boardEvents, log *slog.Logger) (board.Board, error) {
	if c.Board != "pi" {
		s := board.NewSim(log)
		s.SetCallbacks(ev.callbacks())
		return s, nil
	}
	return board.Open(boardConfig(c.Pins, ev, log))
}

// boardConfig turns [pins] into the board's wiring; "none" is a part not
// fitted.
func boardConfig(p settings.Pins, ev *boardEvents, log *slog.Logger) board.Config {
	pin := func(s string) string {
		if s == "none" {
			return ""
		}
		return s
	}
	bc := board.DefaultConfig()
	bc.I2CBus = p.I2CBus
	bc.BME280, _ = settings.ParseI2CAddr(p.BME280) // checked when the settings were read
	bc.BH1750, _ = settings.ParseI2CAddr(p.BH1750)
	bc.PIR, bc.Door, bc.Buzzer = pin(p.PIR), pin(p.Door), pin(p.Buzzer)
	bc.LEDs = map[firmware.Indicator]string{
		firmware.LEDHeartbeat: pin(p.LEDHeartbeat),
		firmware.LEDNetwork:   pin(p.LEDNetwork),
		firmware.LEDPortal:    pin(p.LEDPortal),
		firmware.LEDFault:     pin(p.LEDFault),
	}
	bc.Callbacks = ev.callbacks()
	bc.Log = log
	return bc
}

// startBoard opens the board, reads its sensors and beats the heartbeat
// LED while the UI answers, until ctx is done; stop halts it.
func startBoard(ctx context.Context, o *runOpts, log *slog.Logger) (b board.Board, stop func(), err error) {
	o.events = &boardEvents{}
	b, err = openBoard(o.cfg, o.events, log)
	if err != nil {
		return nil, nil, err
	}
	o.board = b
	for _, p := range b.DeviceHealth().Parts {
		if p.State.Trouble() {
			log.Warn("board part "+string(p.State), "part", string(p.ID), "where", p.Where, "err", p.Detail)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { b.Run(ctx) })
	wg.Go(func() { heartbeat(ctx, b, log, o.alive...) })
	return b, func() {
		cancel()
		wg.Wait()
		b.Halt()
	}, nil
}
