package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"io"
	"log/slog"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/motcua/kiosk/devices/console"
	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/settings"
)

// checkResult is one row of the self-test's table.
type checkResult struct {
	part, where string
	result      string // "ok", "FAIL", "skip"
	detail      string
}

// selftestCheck is one row of the self-test: a part, and how to check it.
type selftestCheck struct {
	part string
	// live rows need the parts running and the technician at the kiosk:
	// they run after the inputs are read and the technician is asked to
	// touch, scan and walk past. The rows before them (the screen, the
	// console, the clock) run first, so the technician knows where to
	// touch.
	live bool
	// applies leaves the row out when it says no (nil: always there).
	applies func(st *selftestRun) bool
	// run checks the part; an error stops the self-test.
	run func(ctx context.Context, st *selftestRun) (checkResult, error)
}

// selftestChecks are the self-test's rows, in the table's order (README's
// technician's guide). A new part is a new row.
var selftestChecks = []selftestCheck{
	{part: "display", run: checkDisplay},
	{part: "console", run: func(_ context.Context, st *selftestRun) (checkResult, error) {
		return checkConsole(st.cfg.Display.Console), nil
	}, applies: func(st *selftestRun) bool {
		return strings.HasPrefix(st.display, "fb:") && st.cfg.Display.Console != ""
	}},
	{part: "clock", run: func(context.Context, *selftestRun) (checkResult, error) { return checkClock(clockSync), nil }},
	{part: string(firmware.PartBME280), live: true, run: checkBME280},
	{part: string(firmware.PartBH1750), live: true, run: checkBH1750},
	{part: string(firmware.PartDoor), live: true, run: checkDoor},
	{part: string(firmware.PartLEDHeartbeat), live: true, run: checkLED(firmware.LEDHeartbeat)},
	{part: string(firmware.PartLEDNetwork), live: true, run: checkLED(firmware.LEDNetwork)},
	{part: string(firmware.PartLEDPortal), live: true, run: checkLED(firmware.LEDPortal)},
	{part: string(firmware.PartLEDFault), live: true, run: checkLED(firmware.LEDFault)},
	{part: string(firmware.PartBuzzer), live: true, run: checkBuzzer},
	{part: "touch", live: true, run: checkTouch},
	{part: "scanner", live: true, run: checkScanner},
	{part: string(firmware.PartPIR), live: true, run: checkPIR},
}

// selftestBoard is what the self-test asks of the board.
type selftestBoard interface {
	firmware.DeviceMonitor
	firmware.Indicators
	Beep(ok bool)
}

// selftestRun is what the rows share: the settings and flags, the board,
// and what the inputs and the motion sensor saw.
type selftestRun struct {
	cfg     settings.Config
	display string   // --display
	inputs  []string // --input
	timeout time.Duration
	out     io.Writer // "touch: ok" as each arrives
	board   selftestBoard
	screen  image.Point // the display's size, once its row has run

	// sensorsBy is how long the sensors' rows wait for a first reading.
	sensorsBy time.Time
	ledOn     time.Duration // how long each LED is lit

	touched chan evdev.Contact
	scanned chan string
	motion  chan struct{}

	waited    sync.Once
	waitErr   error
	gotTouch  *evdev.Contact
	gotScan   *string
	gotMotion bool
}

// selftest checks each part of the kiosk as a technician would (DESIGN
// §10): it reads the sensors, cycles the LEDs, sounds the buzzer, shows a
// test pattern, then waits for a touch, a scan and motion. It prints a
// table and fails when any fitted part does.
func selftest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("selftest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "settings `file` (default "+settings.DefaultPath+" when it exists)")
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
	cfg, _, err := settings.Find(*configPath)
	if err != nil {
		return err
	}
	if *boardName != "" {
		cfg.Board = *boardName
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	st := &selftestRun{cfg: cfg, display: *display, inputs: inputs, timeout: *timeout, out: stdout,
		screen: image.Pt(800, 480), ledOn: 300 * time.Millisecond,
		touched: make(chan evdev.Contact, 1), scanned: make(chan string, 1), motion: make(chan struct{}, 1)}
	ev := &boardEvents{}
	ev.onMotion(func() {
		select {
		case st.motion <- struct{}{}:
		default:
		}
	})
	b, err := openBoard(cfg, ev, log)
	if err != nil {
		return err
	}
	defer b.Halt()
	st.board = b
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wg.Go(func() { b.Run(ctx) })

	var results []checkResult
	live := false
	for _, c := range selftestChecks {
		if c.applies != nil && !c.applies(st) {
			continue
		}
		if c.live && !live {
			// Touch, scan and motion are waited for together, from now on.
			live = true
			if err := st.readInputs(ctx, &wg, log); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "kiosk self-test on the %s board: touch the screen, scan a receipt and walk past the sensor within %s.\n\n", b, *timeout)
			// The board reads the sensors as it starts.
			st.sensorsBy = time.Now().Add(3 * time.Second)
		}
		r, err := c.run(ctx, st)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	return printSelftest(stdout, results)
}

// printSelftest prints the table and the verdict: an error when any row
// failed.
func printSelftest(stdout io.Writer, results []checkResult) error {
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

// readInputs starts reading the touch screen and the scanner, if any,
// sized to the screen, until ctx is done.
func (st *selftestRun) readInputs(ctx context.Context, wg *sync.WaitGroup, log *slog.Logger) error {
	if len(st.inputs) == 0 {
		return nil
	}
	in, err := parseInputs(st.inputs)
	if err != nil {
		return err
	}
	in.Touch = evdev.TouchOpts{Width: st.screen.X, Height: st.screen.Y, Rotation: st.cfg.Display.Rotation}
	copy(in.Touch.Calibration[:], st.cfg.Display.TouchCalibration)
	in.OnTouch = func(c evdev.Contact) {
		if c.Phase == evdev.Down {
			select {
			case st.touched <- c:
			default:
			}
		}
	}
	in.OnScan = func(code string) {
		select {
		case st.scanned <- code:
		default:
		}
	}
	in.Log = log
	wg.Go(func() { in.Run(ctx) })
	return nil
}

// health is the board's parts, readings and alerts now.
func (st *selftestRun) health() firmware.DeviceHealth { return st.board.DeviceHealth() }

// part is one part's health, named even when the board does not list it.
func part(h firmware.DeviceHealth, id firmware.PartID) firmware.PartHealth {
	p, ok := h.Part(id)
	if !ok {
		p.ID = id
	}
	return p
}

// awaitReading waits, until sensorsBy, for a sensor's first reading or
// for its part to be in trouble, and returns the health then.
func (st *selftestRun) awaitReading(id firmware.PartID, q firmware.Quantity) firmware.DeviceHealth {
	for {
		h := st.health()
		_, read := h.Reading(q)
		if read || part(h, id).State != firmware.PartOK || !time.Now().Before(st.sensorsBy) {
			return h
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitInputs waits, once for the rows that need them, for a touch and a
// scan (when there are inputs) and motion (when the sensor is fitted and
// answers), each reported as it comes, until the timeout.
func (st *selftestRun) waitInputs(ctx context.Context) error {
	st.waited.Do(func() {
		wait := time.NewTimer(st.timeout)
		defer wait.Stop()
		touched, scanned, motion := st.touched, st.scanned, st.motion
		wantInputs := len(st.inputs) > 0
		wantMotion := part(st.health(), firmware.PartPIR).State == firmware.PartOK
		for (wantInputs && (st.gotTouch == nil || st.gotScan == nil)) || (wantMotion && !st.gotMotion) {
			select {
			case c := <-touched:
				st.gotTouch = &c
				touched = nil
				fmt.Fprintln(st.out, "touch: ok")
			case s := <-scanned:
				st.gotScan = &s
				scanned = nil
				fmt.Fprintln(st.out, "scan: ok")
			case <-motion:
				st.gotMotion = true
				motion = nil
				fmt.Fprintln(st.out, "motion: ok")
			case <-wait.C:
				wantInputs, wantMotion = false, false
			case <-ctx.Done():
				st.waitErr = ctx.Err()
				return
			}
		}
	})
	return st.waitErr
}

// checkDisplay shows colour bars on the display given; the desktop build
// has none to show.
func checkDisplay(_ context.Context, st *selftestRun) (checkResult, error) {
	if st.display == "" {
		return checkResult{"display", "-", "skip", "no --display (the desktop build draws in a window)"}, nil
	}
	size, where, detail, err := selftestDisplay(st.display, st.cfg.Display.Rotation)
	if err != nil {
		return checkResult{"display", where, "FAIL", err.Error()}, nil
	}
	st.screen = size
	return checkResult{"display", where, "ok", detail}, nil
}

// checkBME280 is the enclosure sensor's row: its reading, and the heat or
// damp it reports.
func checkBME280(_ context.Context, st *selftestRun) (checkResult, error) {
	h := st.awaitReading(firmware.PartBME280, firmware.Temperature)
	p := part(h, firmware.PartBME280)
	detail := ""
	if _, env := h.Reading(firmware.Temperature); env {
		detail = p.Detail // the reading as the driver gave it
		if a, hot := h.Alert(firmware.AlertTooHot); hot {
			detail += fmt.Sprintf("; too hot: %.1f °C", a.Value)
		}
		if a, damp := h.Alert(firmware.AlertTooDamp); damp {
			detail += fmt.Sprintf("; too damp: %.0f %%RH", a.Value)
		}
	}
	return partResult(p, detail), nil
}

// checkBH1750 is the light sensor's row.
func checkBH1750(_ context.Context, st *selftestRun) (checkResult, error) {
	h := st.awaitReading(firmware.PartBH1750, firmware.Light)
	detail := ""
	if lux, ok := h.Reading(firmware.Light); ok {
		detail = fmt.Sprintf("%.0f lx", lux)
	}
	return partResult(part(h, firmware.PartBH1750), detail), nil
}

// checkDoor is the cabinet switch's row: an open cabinet fails it.
func checkDoor(_ context.Context, st *selftestRun) (checkResult, error) {
	h := st.health()
	r := partResult(part(h, firmware.PartDoor), "closed")
	if open, _ := h.Reading(firmware.CabinetOpen); r.result == "ok" && open == 1 {
		r.result, r.detail = "FAIL", "the cabinet is open"
	}
	return r, nil
}

// checkLED lights an LED for a moment: only a person can see it, so the
// row says its pin answers.
func checkLED(ind firmware.Indicator) func(context.Context, *selftestRun) (checkResult, error) {
	return func(_ context.Context, st *selftestRun) (checkResult, error) {
		p := part(st.health(), firmware.LEDPart(ind))
		if p.State == firmware.PartOK {
			st.board.SetIndicator(ind, firmware.PatternOn)
			time.Sleep(st.ledOn)
			st.board.SetIndicator(ind, firmware.PatternOff)
		}
		return partResult(p, fmt.Sprintf("lit for %.1f s: check it by eye", st.ledOn.Seconds())), nil
	}
}

// checkBuzzer sounds the buzzer once, to be checked by ear.
func checkBuzzer(_ context.Context, st *selftestRun) (checkResult, error) {
	p := part(st.health(), firmware.PartBuzzer)
	if p.State == firmware.PartOK {
		st.board.Beep(true)
	}
	return partResult(p, "beeped: check it by ear"), nil
}

// checkTouch is the touch screen's row: a touch within the timeout.
func checkTouch(ctx context.Context, st *selftestRun) (checkResult, error) {
	if len(st.inputs) == 0 {
		return checkResult{"touch", "-", "skip", "no --input"}, nil
	}
	if err := st.waitInputs(ctx); err != nil {
		return checkResult{}, err
	}
	where := whereInputs(st.inputs, "touch:")
	if st.gotTouch == nil {
		return checkResult{"touch", where, "FAIL", fmt.Sprintf("no touch within %s", st.timeout)}, nil
	}
	return checkResult{"touch", where, "ok", fmt.Sprintf("touched at (%.0f,%.0f)", st.gotTouch.X, st.gotTouch.Y)}, nil
}

// checkScanner is the receipt scanner's row: a scan within the timeout.
func checkScanner(ctx context.Context, st *selftestRun) (checkResult, error) {
	if len(st.inputs) == 0 {
		return checkResult{"scanner", "-", "skip", "no --input"}, nil
	}
	if err := st.waitInputs(ctx); err != nil {
		return checkResult{}, err
	}
	where := whereInputs(st.inputs, "scanner:")
	if st.gotScan == nil {
		return checkResult{"scanner", where, "FAIL", fmt.Sprintf("no scan within %s", st.timeout)}, nil
	}
	return checkResult{"scanner", where, "ok", fmt.Sprintf("read a code of %d characters", len(*st.gotScan))}, nil
}

// checkPIR is the motion sensor's row: motion within the timeout.
func checkPIR(ctx context.Context, st *selftestRun) (checkResult, error) {
	if err := st.waitInputs(ctx); err != nil {
		return checkResult{}, err
	}
	r := partResult(part(st.health(), firmware.PartPIR), "motion seen")
	if r.result == "ok" && !st.gotMotion {
		r.result, r.detail = "FAIL", fmt.Sprintf("no motion within %s", st.timeout)
	}
	return r, nil
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
