package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/kiosk/devices/board"
	"github.com/motcua/kiosk/devices/usbstick"
	"github.com/motcua/kiosk/firmware/admin"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
	"github.com/motcua/kiosk/firmware/settings"
	"github.com/motcua/kiosk/storage"
)

// runOpts is what `kiosk run` was asked for, after flags and the settings
// file have been merged.
type runOpts struct {
	cfg        settings.Config
	dataDir    string
	demo       bool
	fullscreen bool
	size       string   // WxH of the desktop window
	display    string   // appliance build: fb:DEVICE or file:PATH@WxH[:FORMAT]
	inputs     []string // appliance build: auto, touch:PATH[@XMAXxYMAX], scanner:PATH
	verbose    bool     // log at debug level: every frame's latency, every input

	board  board.Board  // set by startBoard
	events *boardEvents // what the board's sensors see
	// alive are checks the watchdog runs besides the UI loop's: the
	// ledger writer must answer too.
	alive []func(context.Context) error
}

// stringsFlag is a flag that may be given more than once.
type stringsFlag []string

func (s *stringsFlag) String() string { return strings.Join(*s, " ") }

func (s *stringsFlag) Set(v string) error {
	*s = append(*s, v)
	return nil
}

func runKiosk(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "settings `file` (default "+settings.DefaultPath+" when it exists, else demo mode)")
	dataDirFlag := fs.String("data-dir", "", "`directory` for the ledger and demo secrets")
	portalURL := fs.String("portal-url", "", "portal base `URL`, overriding the settings file")
	board := fs.String("board", "", "sim or pi (default from the settings file, else sim)")
	fullscreen := fs.Bool("fullscreen", false, "fill the screen (desktop build)")
	size := fs.String("size", "800x480", "window `WxH` (desktop build)")
	display := fs.String("display", defaultDisplay, "appliance build: fb:/dev/fb0, or file:PATH@WxH[:xrgb8888|rgb565]")
	verbose := fs.Bool("verbose", false, "log at debug level (each frame's latency)")
	var inputs stringsFlag
	fs.Var(&inputs, "input", "appliance build, repeatable: auto, touch:PATH[@XMAXxYMAX] or scanner:PATH (default "+defaultInput+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("run: unexpected argument %q", fs.Arg(0))
	}
	if !applianceBuild && (*display != "" || len(inputs) > 0) {
		return errors.New("run: --display and --input need the appliance build (go build -tags noos)")
	}
	if len(inputs) == 0 && defaultInput != "" {
		inputs = stringsFlag{defaultInput}
	}

	o := runOpts{fullscreen: *fullscreen, size: *size, display: *display, inputs: inputs, verbose: *verbose}
	var err error
	if o.cfg, o.demo, err = settings.Find(*configPath); err != nil {
		return err
	}
	if *portalURL != "" {
		if err := checkPortalURL(*portalURL); err != nil {
			return fmt.Errorf("run: --portal-url: %w", err)
		}
		o.cfg.Portal.URL = *portalURL
	}
	if *board != "" {
		o.cfg.Board = *board
	}
	if o.cfg.Board != "sim" && o.cfg.Board != "pi" {
		return fmt.Errorf("run: --board %q is not sim or pi", o.cfg.Board)
	}
	o.dataDir = dataDir(*dataDirFlag, o.cfg, o.demo)
	return serve(ctx, o, stdout, stderr)
}

// serve runs the kiosk until ctx is done or its screen is closed.
func serve(ctx context.Context, o runOpts, stdout, stderr io.Writer) error {
	m, err := Open(ctx, o, stdout, stderr)
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Run(ctx)
}

// Main is a kiosk wired from its settings: Open starts everything but the
// screens (ledger, portal, board, background loops, admin endpoint), Run
// shows the screens until ctx is done, Close stops what Open started, in
// reverse.
type Main struct {
	opts      runOpts
	log       *slog.Logger
	kiosk     *kiosk.Kiosk
	portalURL string
	// display is the build's display backend; tests put their own.
	display func(context.Context, *kiosk.Kiosk, runOpts, *slog.Logger) error
	closers []func()
}

// Open wires a kiosk from o. On error, what it had started is stopped.
func Open(ctx context.Context, o runOpts, stdout, stderr io.Writer) (m *Main, err error) {
	level := slog.LevelInfo
	if o.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	m = &Main{log: log, display: display}
	defer func() {
		if err != nil {
			m.Close()
			m = nil
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	m.onClose(cancel)

	if err := os.MkdirAll(o.dataDir, 0o700); err != nil {
		return m, fmt.Errorf("data dir: %w", err)
	}
	secrets, key, err := settings.LoadSecrets(settings.SecretsPath(o.cfg, o.dataDir), o.demo)
	if err != nil {
		return m, err
	}

	// A database that fails its check is moved aside, kept, and a new one
	// made; staff see the alert until they dismiss it.
	db, rec, err := storage.OpenOrRecover(ctx, filepath.Join(o.dataDir, "kiosk.db"))
	if err != nil {
		return m, err
	}
	m.onClose(func() { db.Close() })
	if rec != nil {
		log.Error("the ledger was damaged and moved aside; a new one was started",
			"moved_to", rec.MovedTo, "reason", rec.Reason)
	}
	ledger := storage.NewLedger(db)
	writer := storage.NewWriter(ledger, &storage.WriterOpts{Log: log})
	m.onClose(func() {
		// Every acknowledged event is on disk already; this drains the
		// queue of those still in memory.
		cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer ccancel()
		if err := writer.Close(cctx); err != nil {
			log.Error("closing the ledger", "err", err)
		}
	})
	o.alive = append(o.alive, writer.Ping)

	portalURL := o.cfg.Portal.URL
	if portalURL == "" {
		if !o.demo {
			return m, errors.New(`run: the settings file has no "portal.url"`)
		}
		u, stop, err := startSimulator(secrets.DeviceToken, log)
		if err != nil {
			return m, err
		}
		m.onClose(stop)
		portalURL = u
	}
	client, err := portal.New(portalURL, &portal.Opts{
		Token:         secrets.DeviceToken,
		KioskID:       o.cfg.KioskID,
		LookupTimeout: o.cfg.Portal.LookupTimeout.Duration,
		HealthTimeout: 3 * time.Second,
		MaxBody:       portal.DefaultOpts.MaxBody,
	})
	if err != nil {
		return m, err
	}
	brd, stopBoard, err := startBoard(ctx, &o, log)
	if err != nil {
		return m, err
	}
	m.onClose(stopBoard)
	pinHash := staffPINHash(secrets.StaffPINHash, o.demo, log)
	clock := kiosk.SystemClock()
	k, err := kiosk.New(kiosk.Config{
		Portal:        &checkedPortal{Client: client, log: ledger, clock: clock, warn: log},
		Ledger:        writer,
		HashKey:       key,
		PINHash:       pinHash,
		ReceiptHosts:  receiptHosts(o.cfg, portalURL, o.demo),
		Indicators:    brd,
		Buzzer:        brd,
		Settings:      db,
		Cache:         storage.NewCache(db),
		CacheTTL:      o.cfg.Portal.CacheTTL.Duration,
		Catalog:       storage.NewCatalog(db),
		Ratings:       storage.NewRatings(db),
		Reporter:      ledger,
		LedgerState:   writer,
		Device:        brd,
		Export:        usbstick.New(&usbstick.Opts{Log: log}),
		KioskID:       o.cfg.KioskID,
		Version:       version,
		LookupTimeout: o.cfg.Portal.LookupTimeout.Duration + 500*time.Millisecond,
		HealthEvery:   o.cfg.Portal.HealthEvery.Duration,
		Clock:         clock,
		Log:           log,
	})
	if err != nil {
		return m, err
	}
	if o.events != nil {
		// The motion sensor counts visits, the door switch logs the
		// cabinet opened (DESIGN §2).
		o.events.onMotion(k.Motion)
		o.events.onDoor(k.Door)
	}
	go k.Citizen.RunHealth(ctx)
	go k.Citizen.RunCatalog(ctx)
	go k.Citizen.RunRatings(ctx)
	go compactDaily(ctx, ledger, o.cfg.Ledger.Retention.Duration, log)
	go watchLedger(ctx, writer, brd, 5*time.Second)
	switch err := serveAdmin(ctx, o, secrets.AdminToken, ledger, writer, k, brd, log); {
	case errors.Is(err, admin.ErrWeakToken):
		// The citizens' screen matters more than the district's metrics.
		log.Error("the admin endpoint is not started", "err", err)
	case err != nil:
		return m, err
	}

	log.Info("kiosk starting", "version", version, "demo", o.demo, "data_dir", o.dataDir, "portal", redactURL(portalURL))
	if o.demo {
		fmt.Fprintf(stdout, "demo mode: portal simulator at %s, staff PIN %s\n", portalURL, kiosk.DemoPIN)
	}
	m.opts, m.kiosk, m.portalURL = o, k, portalURL
	return m, nil
}

// onClose adds f to what Close runs, before everything added earlier.
func (m *Main) onClose(f func()) { m.closers = append(m.closers, f) }

// Run shows the screens until ctx is done or the window is closed.
func (m *Main) Run(ctx context.Context) error {
	return m.display(ctx, m.kiosk, m.opts, m.log)
}

// Close stops what Open started, the last first: the board, the
// simulator, the ledger writer (draining its queue), the database, and
// the background loops. It may be called more than once.
func (m *Main) Close() {
	for i := len(m.closers) - 1; i >= 0; i-- {
		m.closers[i]()
	}
	m.closers = nil
}

// staffPINHash is the PIN hash the kiosk runs with: "" (staff mode closed)
// for the demo PIN's hash outside demo mode, since the README prints it.
func staffPINHash(hash string, demo bool, log *slog.Logger) string {
	if !demo && hash != "" && kiosk.CheckPINHash(hash) == nil && kiosk.IsDemoPINHash(hash) {
		log.Error(`staff mode cannot open: "staff_pin_hash" is the hash of the demo PIN; provision the kiosk's own PIN`)
		return ""
	}
	return hash
}

// startSimulator serves the portal simulator on a loopback port for demo
// mode and returns its URL.
func startSimulator(token string, log *slog.Logger) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("simulator: %w", err)
	}
	srv := &http.Server{Handler: portalsim.New(&portalsim.Opts{Token: token}), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("simulator stopped", "err", err)
		}
	}()
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// redactURL keeps only the scheme and host of a URL for logs: a path or
// query may hold a province's key.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Scheme + "://" + u.Host
}
