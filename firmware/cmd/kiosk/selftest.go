package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/motcua/kiosk/devices/console"
	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
)

// checkResult is one row of the self-test's table.
type checkResult struct {
	part, where string
	result      string // "ok", "FAIL", "skip"
	detail      string
}

// selftest checks each part of the kiosk as a technician would (DESIGN
// §10): it reads the sensors, cycles the LEDs, sounds the buzzer, shows a
// test pattern, then waits for a touch, a scan and motion. It prints a
// table and fails when any fitted part does.
func selftest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("selftest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "settings `file` (default "+DefaultConfigPath+" when it exists)")
	fs.String("data-dir", "", "unused; accepted like every command")
	boardName := fs.String("board", "", "sim or pi (default from the settings file, else sim)")
	display := fs.String("display", defaultDisplay, "fb:/dev/fb0, or file:PATH@WxH[:xrgb8888|rgb565] (appliance build)")
	var inputs stringsFlag
	fs.Var(&inputs, "input", "repeatable: auto, touch:PATH[@XMAXxYMAX] or scanner:PATH (default "+defaultInput+")")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to wait for a touch, a scan and motion")
	verbose := fs.Bool("v", false, "log what the parts do")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(inputs) == 0 && defaultInput != "" {
		inputs = stringsFlag{defaultInput}
	}
	cfg := defaultConfig()
	path := *configPath
	if path == "" {
		if _, err := os.Stat(DefaultConfigPath); err == nil {
			path = DefaultConfigPath
		}
	}
	if path != "" {
		c, err := loadConfig(path)
		if err != nil {
			return err
		}
		cfg = c
	}
	if *boardName != "" {
		cfg.Board = *boardName
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	ev := &boardEvents{}
	motion := make(chan struct{}, 1)
	ev.onMotion(func() {
		select {
		case motion <- struct{}{}:
		default:
		}
	})
	b, err := openBoard(cfg, ev, log)
	if err != nil {
		return err
	}
	defer b.Halt()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wg.Go(func() { b.Run(ctx) })

	var results []checkResult
	add := func(r checkResult) { results = append(results, r) }

	// The screen first: the technician then knows where to touch.
	screen := image.Pt(800, 480)
	if *display != "" {
		size, where, detail, err := selftestDisplay(*display, cfg.Display.Rotation)
		if err != nil {
			add(checkResult{"display", where, "FAIL", err.Error()})
		} else {
			screen = size
			add(checkResult{"display", where, "ok", detail})
		}
	} else {
		add(checkResult{"display", "-", "skip", "no --display (the desktop build draws in a window)"})
	}
	if strings.HasPrefix(*display, "fb:") && cfg.Display.Console != "" {
		add(checkConsole(cfg.Display.Console))
	}
	add(checkClock(clockSync))

	// Touch, scan and motion are waited for together, from now on.
	touched, scanned := make(chan evdev.Contact, 1), make(chan string, 1)
	if len(inputs) > 0 {
		in, err := parseInputs(inputs)
		if err != nil {
			return err
		}
		in.Touch = evdev.TouchOpts{Width: screen.X, Height: screen.Y, Rotation: cfg.Display.Rotation}
		copy(in.Touch.Calibration[:], cfg.Display.TouchCalibration)
		in.OnTouch = func(c evdev.Contact) {
			if c.Phase == evdev.Down {
				select {
				case touched <- c:
				default:
				}
			}
		}
		in.OnScan = func(code string) {
			select {
			case scanned <- code:
			default:
			}
		}
		in.Log = log
		wg.Go(func() { in.Run(ctx) })
	}
	fmt.Fprintf(stdout, "kiosk self-test on the %s board: touch the screen, scan a receipt and walk past the sensor within %s.\n\n", b, *timeout)

	h := b.DeviceHealth()
	parts := partsByID(h)
	// Sensors: wait for a first reading (the board reads them as it starts).
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		_, env := h.Reading(firmware.Temperature)
		_, light := h.Reading(firmware.Light)
		if (env || parts[firmware.PartBME280].State != firmware.PartOK) && (light || parts[firmware.PartBH1750].State != firmware.PartOK) {
			break
		}
		time.Sleep(50 * time.Millisecond)
		h = b.DeviceHealth()
		parts = partsByID(h)
	}
	h = b.DeviceHealth()
	parts = partsByID(h)
	add(partResult(parts[firmware.PartBME280], func() string {
		if _, env := h.Reading(firmware.Temperature); !env {
			return ""
		}
		s := parts[firmware.PartBME280].Detail // the reading as the driver gave it
		if a, hot := h.Alert(firmware.AlertTooHot); hot {
			s += fmt.Sprintf("; too hot: %.1f °C", a.Value)
		}
		if a, damp := h.Alert(firmware.AlertTooDamp); damp {
			s += fmt.Sprintf("; too damp: %.0f %%RH", a.Value)
		}
		return s
	}()))
	add(partResult(parts[firmware.PartBH1750], func() string {
		lux, ok := h.Reading(firmware.Light)
		if !ok {
			return ""
		}
		return fmt.Sprintf("%.0f lx", lux)
	}()))
	door := partResult(parts[firmware.PartDoor], "closed")
	if open, _ := h.Reading(firmware.CabinetOpen); door.result == "ok" && open == 1 {
		door.result, door.detail = "FAIL", "the cabinet is open"
	}
	add(door)

	// LEDs and buzzer: only a person can see and hear them; the pins are
	// checked, and each LED is lit in turn.
	for _, ind := range []firmware.Indicator{firmware.LEDHeartbeat, firmware.LEDNetwork, firmware.LEDPortal, firmware.LEDFault} {
		p := parts[firmware.LEDPart(ind)]
		if p.State == firmware.PartOK {
			b.SetIndicator(ind, firmware.PatternOn)
			time.Sleep(300 * time.Millisecond)
			b.SetIndicator(ind, firmware.PatternOff)
		}
		add(partResult(p, "lit for 0.3 s: check it by eye"))
	}
	if parts[firmware.PartBuzzer].State == firmware.PartOK {
		b.Beep(true)
	}
	add(partResult(parts[firmware.PartBuzzer], "beeped: check it by ear"))

	// The waits.
	wait := time.NewTimer(*timeout)
	defer wait.Stop()
	var gotTouch *evdev.Contact
	var gotScan *string
	gotMotion := false
	wantInputs := len(inputs) > 0
	wantMotion := parts[firmware.PartPIR].State == firmware.PartOK
	for (wantInputs && (gotTouch == nil || gotScan == nil)) || (wantMotion && !gotMotion) {
		select {
		case c := <-touched:
			gotTouch = &c
			touched = nil
			fmt.Fprintln(stdout, "touch: ok")
		case s := <-scanned:
			gotScan = &s
			scanned = nil
			fmt.Fprintln(stdout, "scan: ok")
		case <-motion:
			gotMotion = true
			motion = nil
			fmt.Fprintln(stdout, "motion: ok")
		case <-wait.C:
			wantInputs, wantMotion = false, false
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	touchWhere, scanWhere := whereInputs(inputs, "touch:"), whereInputs(inputs, "scanner:")
	switch {
	case len(inputs) == 0:
		add(checkResult{"touch", "-", "skip", "no --input"})
		add(checkResult{"scanner", "-", "skip", "no --input"})
	default:
		if gotTouch != nil {
			add(checkResult{"touch", touchWhere, "ok", fmt.Sprintf("touched at (%.0f,%.0f)", gotTouch.X, gotTouch.Y)})
		} else {
			add(checkResult{"touch", touchWhere, "FAIL", fmt.Sprintf("no touch within %s", *timeout)})
		}
		if gotScan != nil {
			add(checkResult{"scanner", scanWhere, "ok", fmt.Sprintf("read a code of %d characters", len(*gotScan))})
		} else {
			add(checkResult{"scanner", scanWhere, "FAIL", fmt.Sprintf("no scan within %s", *timeout)})
		}
	}
	pir := partResult(parts[firmware.PartPIR], "motion seen")
	if pir.result == "ok" && !gotMotion {
		pir.result, pir.detail = "FAIL", fmt.Sprintf("no motion within %s", *timeout)
	}
	add(pir)

	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PART\tWHERE\tRESULT\tDETAIL")
	failed := 0
	for _, r := range results {
		if r.result == "FAIL" {
			failed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.part, r.where, r.result, r.detail)
	}
	tw.Flush()
	if failed > 0 {
		fmt.Fprintf(stdout, "\n%d of %d checks failed.\n", failed, len(results))
		return fmt.Errorf("selftest: %d checks failed", failed)
	}
	fmt.Fprintf(stdout, "\nall %d checks passed.\n", len(results))
	return nil
}

// checkConsole is the row of the console the kiosk keeps in graphics mode
// while it draws ([display] console): it must be a virtual terminal. Its
// mode is read, not set.
func checkConsole(path string) checkResult {
	r := checkResult{part: "console", where: path, result: "FAIL"}
	vt, err := console.Open(path)
	if err != nil {
		r.detail = err.Error()
		return r
	}
	defer vt.Close()
	switch m, err := vt.Mode(); {
	case err != nil:
		r.detail = err.Error()
	case m == console.Graphics:
		r.result, r.detail = "ok", "graphics mode: no console text over the kiosk's frames"
	default:
		r.result, r.detail = "ok", m.String()+" mode; the kiosk sets graphics mode while it runs"
	}
	return r
}

// clockSync is how the self-test asks whether the clock is synced; tests
// point it at a temporary flag file.
var clockSync = kiosk.ClockSync{}

// checkClock is the clock's row: ok once it has been synced, as the
// service (sandboxed) will see it; until then every event is stored as
// unsynced, to be corrected later.
func checkClock(c kiosk.ClockSync) checkResult {
	ok, source, err := c.Check()
	r := checkResult{part: "clock", where: source, result: "ok", detail: "synced: " + time.Now().Format("2006-01-02 15:04 MST")}
	if source == "" {
		r.where = "-"
	}
	switch {
	case err != nil:
		r.result, r.detail = "FAIL", err.Error()+"; events are kept as unsynced until it syncs (check NTP and the network)"
	case !ok:
		r.result, r.detail = "FAIL", "not synced yet; events are kept as unsynced until it syncs (check NTP and the network)"
	}
	return r
}

// whereInputs names the inputs of a kind: their paths, or "auto".
func whereInputs(inputs []string, prefix string) string {
	var w []string
	for _, in := range inputs {
		if in == "auto" || strings.HasPrefix(in, prefix) {
			w = append(w, strings.TrimPrefix(in, prefix))
		}
	}
	if len(w) == 0 {
		return "-"
	}
	return strings.Join(w, " ")
}

func partsByID(h firmware.DeviceHealth) map[firmware.PartID]firmware.PartHealth {
	m := map[firmware.PartID]firmware.PartHealth{}
	for _, p := range h.Parts {
		m[p.ID] = p
	}
	return m
}

// partResult is a part's row: its state, and okDetail when it works.
func partResult(p firmware.PartHealth, okDetail string) checkResult {
	r := checkResult{part: string(p.ID), where: p.Where}
	switch p.State {
	case firmware.PartOK:
		r.result, r.detail = "ok", okDetail
	case firmware.PartNotFitted:
		r.result, r.detail = "skip", "not fitted"
	default:
		r.result, r.detail = "FAIL", string(p.State)+": "+p.Detail
	}
	return r
}
