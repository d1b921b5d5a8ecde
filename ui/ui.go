package ui

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

// Citizen is what the citizen screens ask of the kiosk: lookups, the
// procedure catalog, ratings and the portal's health. The real one is
// firmware/kiosk's Citizen; tests use a fake. The citizen screens hold
// nothing else of the kiosk, so none of them can reach staff mode.
type Citizen interface {
	// Find parses input (typed or scanned text: a bare code or a receipt
	// QR URL, DESIGN §7), looks the dossier up and records the usage event.
	// When the portal cannot answer it may return the last good answer
	// from the offline cache, marked Offline with its AsOf time. secret is
	// "" unless the portal asked for it. lang is "vi" or "en" (recorded in
	// the ledger). It may take up to ~6 s; the UI calls it off the UI
	// goroutine. Errors carry firmware codes: EINVALID (bad code, refused
	// before any request), ENOTFOUND, ESECRETREQUIRED, ESECRETMISMATCH,
	// EUNAVAILABLE, ETIMEOUT, EBADANSWER, EUNAUTHORIZED, ERATELIMITED,
	// EINTERNAL.
	Find(ctx context.Context, input, secret, lang string) (*firmware.LookupResult, error)

	// PortalState is the last known portal health (cheap, no I/O).
	PortalState() firmware.PortalState

	// PortalStatus is the portal's state with its services and today's
	// uptime, for the online-services screen (cheap, no I/O).
	PortalStatus() firmware.PortalStatus

	// Catalog is the procedure catalog last synced (cheap, no I/O; the
	// screens do not modify it).
	Catalog() firmware.Catalog

	// ViewProcedure records that a procedure's detail was opened. It must
	// not block.
	ViewProcedure(code, lang string)

	// Rate queues a rating for the portal; dossierCode is the dossier the
	// citizen had just looked up, "" for none. It returns once the rating
	// is safely queued. The UI calls it off the UI goroutine.
	Rate(ctx context.Context, score firmware.Rating, reasons []string, dossierCode, lang string) error
}

// Staff is what staff mode asks of the kiosk. The real one is
// firmware/kiosk's Staff; tests use a fake. Only the staff screen holds it.
type Staff interface {
	// CheckPIN returns nil for the right staff PIN, an error otherwise;
	// ERATELIMITED while staff mode is locked after wrong PINs. The UI calls
	// it off the UI goroutine, so it may hash slowly.
	CheckPIN(pin string) error

	// Dashboard returns staff mode's figures for today, the last 7 and the
	// last 30 days. It reads the ledger; the UI calls it off the UI
	// goroutine.
	Dashboard(ctx context.Context) (firmware.Dashboard, error)

	// LedgerStatus is the usage ledger's state: its alert, if any, for
	// staff mode (cheap, no I/O).
	LedgerStatus() firmware.LedgerState

	// DeviceHealth is the board's parts, sensor readings and alerts
	// (cheap, no I/O; staff mode asks every second while it is open).
	DeviceHealth() firmware.DeviceHealth

	// DeviceInfo returns the kiosk's ID, firmware version and network
	// addresses. The UI calls it off the UI goroutine.
	DeviceInfo() (id, version string, addrs []string)

	// DismissLedgerAlert records that staff have seen the recovered-
	// database alert (firmware.LedgerRecovered). The UI calls it off the UI
	// goroutine.
	DismissLedgerAlert(ctx context.Context) error

	// ExportReport writes the 30-day report as CSV to a USB stick and
	// returns the file's path. Errors: ENOTFOUND when no stick is mounted,
	// EUNAVAILABLE when the stick is read-only or full; anything else is a
	// fault of the kiosk. The UI calls it off the UI goroutine.
	ExportReport(ctx context.Context) (path string, err error)
}

// Options configure a UI. The zero value of each field means its default.
type Options struct {
	Commune   string         // e.g. "UBND xã Đồng Phúc"
	IdleAfter time.Duration  // 60 s: no touch → clear citizen data and go home
	Countdown time.Duration  // 10 s: the last part of IdleAfter shown as a countdown
	StaffIdle time.Duration  // 2 min: staff sign-out
	Location  *time.Location // nil: firmware.Vietnam
	Now       func() time.Time
	// RequestFrame, if set, is called after every screen change made off an
	// input event (lookup answers, the ticker's clock, countdown and banner),
	// from the goroutine that made it, after the change is applied. On the
	// appliance nothing draws by itself (DESIGN §12), so the main package
	// uses this to paint a frame. It is never called on the Fyne goroutine.
	RequestFrame func()
	Version      string
	// Language is the language the kiosk starts in and returns to on the
	// idle reset (the settings' "language"): "en" for English, anything
	// else Vietnamese.
	Language string
}

// DefaultOptions are the options New uses for zero fields.
var DefaultOptions = Options{
	IdleAfter: 60 * time.Second,
	Countdown: 10 * time.Second,
	StaffIdle: 2 * time.Minute,
}

// staffHold is how long the commune name must be pressed to open staff mode.
const staffHold = 3 * time.Second

// maxScan bounds what the keyboard handler buffers before an Enter: a
// stranger's keyboard cannot grow it without end.
const maxScan = 512

// scanGap drops a half-typed buffer: a scanner types a whole code within
// milliseconds, so runes further apart belong to different inputs.
const scanGap = 2 * time.Second

// UI is the kiosk's screens on one window.
type UI struct {
	win     fyne.Window
	citizen Citizen // the citizen screens' services; staff mode's are the staff screen's
	opts    Options

	lang  string
	large bool
	// screenWidth is the width the screens were last laid out at; see
	// screenLayout.
	screenWidth float32

	home   *homeScreen
	lookup *lookupScreen
	result *resultScreen
	procs  *proceduresScreen
	online *onlineScreen
	rating *ratingScreen
	staff  *staffScreen

	current   screen
	countdown *countdownBar
	root      fyne.CanvasObject // the window's content: the frame around every screen
	rootLang  string            // the language root was built in
	kept      map[screen]keptTree

	staffMode bool
	lastInput time.Time
	gen       uint64             // session generation, see package doc
	cancel    context.CancelFunc // of the running service call
	life      context.Context    // parent of every service call; Stop cancels it
	end       context.CancelFunc

	scanBuf  []rune
	scanLast time.Time

	// doAndWait runs a function on the Fyne goroutine and waits for it:
	// fyne.DoAndWait in production; tests swap it for a queue they drain.
	doAndWait func(func())
	tickEvery time.Duration // 0: Start runs no ticker (tests tick by hand)
	posted    func()        // tests: called when post has finished, frame request included
	stop      chan struct{}
	stopOnce  sync.Once
}

// screen is one of the UI's screens.
type screen interface {
	// build makes the screen's widgets from its state.
	build() fyne.CanvasObject
	// tick updates what changes with time and reports whether anything
	// visible changed.
	tick(now time.Time) bool
}

// New returns the UI for win over the kiosk's citizen and staff services.
// A nil staff leaves staff mode closed: the long press on the commune name
// does nothing. nil opts means DefaultOptions.
func New(win fyne.Window, citizen Citizen, staff Staff, opts *Options) *UI {
	o := DefaultOptions
	if opts != nil {
		o = *opts
		if o.IdleAfter <= 0 {
			o.IdleAfter = DefaultOptions.IdleAfter
		}
		if o.Countdown <= 0 {
			o.Countdown = DefaultOptions.Countdown
		}
		if o.StaffIdle <= 0 {
			o.StaffIdle = DefaultOptions.StaffIdle
		}
	}
	if o.Countdown > o.IdleAfter {
		o.Countdown = o.IdleAfter
	}
	if o.Location == nil {
		o.Location = firmware.Vietnam
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	u := &UI{
		win:       win,
		citizen:   citizen,
		opts:      o,
		lang:      homeLang(o.Language),
		doAndWait: fyne.DoAndWait,
		tickEvery: time.Second,
		stop:      make(chan struct{}),
	}
	u.life, u.end = context.WithCancel(context.Background())
	u.home = &homeScreen{u: u}
	u.lookup = &lookupScreen{u: u}
	u.result = &resultScreen{u: u}
	u.procs = &proceduresScreen{u: u}
	u.online = &onlineScreen{u: u}
	u.rating = &ratingScreen{u: u}
	u.staff = &staffScreen{u: u, svc: staff}
	u.countdown = &countdownBar{u: u}
	u.current = u.home
	u.lastInput = u.now()
	return u
}

// Start shows the home screen, takes the window's keyboard input (a USB
// scanner types a code and Enter) and starts the 1 s ticker. It turns the
// window's own padding off: the screens pad themselves. Call it once, on
// the Fyne goroutine or before the driver runs.
func (u *UI) Start() {
	// The screens pad themselves (see frame), so they look the same
	// whatever the window's padding was.
	u.win.SetPadded(false)
	c := u.win.Canvas()
	c.SetOnTypedRune(u.typedRune)
	c.SetOnTypedKey(u.typedKey)
	u.screenWidth = c.Size().Width
	u.lastInput = u.now()
	u.show(u.home)
	if u.tickEvery > 0 {
		go u.tickLoop(u.tickEvery)
	}
}

// Stop ends the ticker and cancels a running service call; their results
// are no longer posted. The UI stays on screen but no longer changes by
// itself. It may be called from any goroutine.
func (u *UI) Stop() {
	u.stopOnce.Do(func() {
		close(u.stop)
		u.end()
	})
}

// Scan hands the UI one whole scan, as read from the scanner's own input
// device: on any citizen screen it starts a lookup, in staff mode it is
// ignored. It may be called from any goroutine except Fyne's own (it posts
// to the Fyne goroutine and waits).
func (u *UI) Scan(text string) {
	u.post(func() bool { return u.scan(text) })
}

func (u *UI) tickLoop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-u.stop:
			return
		case <-t.C:
			u.post(u.tick)
		}
	}
}

// post runs fn on the Fyne goroutine and, when fn reports that it changed
// the screen, asks for a frame. Every change made off an input event goes
// through here; see the package doc.
func (u *UI) post(fn func() bool) {
	select {
	case <-u.stop:
		return
	default:
	}
	var changed bool
	u.doAndWait(func() { changed = fn() })
	if changed && u.opts.RequestFrame != nil {
		u.opts.RequestFrame()
	}
	if u.posted != nil {
		u.posted()
	}
}

func (u *UI) now() time.Time { return u.opts.Now().In(u.opts.Location) }

func (u *UI) t(id msgID) string { return text(u.lang, id) }

func (u *UI) tf(id msgID, args ...any) string { return textf(u.lang, id, args...) }

// show makes s the current screen, rebuilt from its state.
func (u *UI) show(s screen) {
	u.current = s
	u.frame(u.tree(s))
}

// portrait reports whether the window is taller than wide: screens then
// stack what they put side by side in landscape.
func (u *UI) portrait() bool {
	s := u.win.Canvas().Size()
	return s.Height > s.Width
}

// rebuild shows the current screen again, after a language or size change.
func (u *UI) rebuild() { u.show(u.current) }

// activity records a touch or a scan: it restarts the idle timers and takes
// a visible countdown away.
func (u *UI) activity() {
	u.lastInput = u.now()
	u.countdown.set(0)
}

// tick is the UI's clock: idle reset and sign-out, the countdown, the
// clock, the portal banner, the busy line and a held commune name. It runs
// on the Fyne goroutine and reports whether anything visible changed.
func (u *UI) tick() bool {
	now := u.now()
	idle := now.Sub(u.lastInput)
	if u.staffMode {
		if idle >= u.opts.StaffIdle {
			u.signOut()
			return true
		}
	} else if u.needsReset() {
		left := u.opts.IdleAfter - idle
		if left <= 0 {
			u.idleReset()
			return true
		}
		secs := 0
		if left <= u.opts.Countdown {
			secs = int((left + time.Second - 1) / time.Second)
		}
		changed := u.countdown.set(secs)
		return u.current.tick(now) || changed
	}
	return u.current.tick(now)
}

// needsReset reports whether the idle timer has anything to clear.
func (u *UI) needsReset() bool {
	return u.current != u.home || u.lang != homeLang(u.opts.Language) || u.large
}

// clearCitizen forgets everything a citizen typed or was shown and cancels
// a running lookup; its answer will find a newer generation and be dropped.
func (u *UI) clearCitizen() {
	u.gen++
	if u.cancel != nil {
		u.cancel()
		u.cancel = nil
	}
	u.lookup.clear()
	u.result.clear()
	u.procs.clear()
	u.online.clear()
	u.rating.clear()
	u.scanBuf = u.scanBuf[:0]
	u.countdown.set(0)
}

// goHome is the home button and "Xong": the citizen is done.
func (u *UI) goHome() {
	u.clearCitizen()
	u.show(u.home)
}

// idleReset readies the kiosk for the next citizen: their data cleared,
// the kiosk's language and normal text again, home.
func (u *UI) idleReset() {
	u.clearCitizen()
	u.lang = homeLang(u.opts.Language)
	if u.large {
		u.large = false
		fyne.CurrentApp().Settings().SetTheme(kiosktheme.New())
	}
	u.lastInput = u.now()
	u.show(u.home)
}

// homeLang is the language the settings name, Vietnamese unless English.
func homeLang(l string) string {
	if l == langEN {
		return langEN
	}
	return langVI
}

func (u *UI) toggleLang() {
	if u.lang == langVI {
		u.lang = langEN
	} else {
		u.lang = langVI
	}
	u.rebuild()
}

func (u *UI) toggleLarge() {
	u.large = !u.large
	th := kiosktheme.New()
	if u.large {
		th = kiosktheme.NewLarge()
	}
	fyne.CurrentApp().Settings().SetTheme(th)
	u.rebuild()
}

// typedRune collects what a keyboard-like scanner types into the window.
func (u *UI) typedRune(r rune) {
	if u.staffMode {
		return
	}
	now := u.now()
	if len(u.scanBuf) > 0 && now.Sub(u.scanLast) > scanGap {
		u.scanBuf = u.scanBuf[:0]
	}
	u.scanLast = now
	if len(u.scanBuf) < maxScan {
		u.scanBuf = append(u.scanBuf, r)
	}
}

// typedKey ends a scan on Enter. Every other key does nothing: a stranger's
// keyboard can do no more than a scanner (DESIGN §10).
func (u *UI) typedKey(e *fyne.KeyEvent) {
	if e == nil || (e.Name != fyne.KeyReturn && e.Name != fyne.KeyEnter) {
		return
	}
	text := string(u.scanBuf)
	u.scanBuf = u.scanBuf[:0]
	if u.staffMode {
		return
	}
	u.scan(text)
}

// scan starts a lookup of a whole scan from any citizen screen.
func (u *UI) scan(text string) bool {
	text = strings.TrimSpace(text)
	if u.staffMode || text == "" {
		return false
	}
	u.activity()
	u.clearCitizen()
	u.lookup.fromScan(text)
	u.show(u.lookup)
	u.startLookup(text, "")
	return true
}

// startLookup asks the service off the Fyne goroutine; the answer is
// dropped if the session moved on meanwhile.
func (u *UI) startLookup(input, secret string) {
	u.lookup.setBusy(true, u.now())
	lang := u.lang
	u.call(func(ctx context.Context) func() {
		r, err := u.citizen.Find(ctx, input, secret, lang)
		return func() { u.lookupDone(r, err) }
	})
}

func (u *UI) lookupDone(r *firmware.LookupResult, err error) {
	u.lookup.setBusy(false, time.Time{})
	if err == nil && (r == nil || r.Dossier == nil) {
		err = firmware.Errorf(firmware.EINTERNAL, "ui: lookup returned neither dossier nor error")
	}
	if err != nil {
		u.lookup.failed(firmware.ErrorCode(err))
		u.show(u.lookup)
		return
	}
	u.result.set(r, u.now())
	u.show(u.result)
}

// openStaff is the long press on the commune name.
func (u *UI) openStaff() {
	if u.staff.svc == nil {
		return
	}
	u.clearCitizen()
	// Staff screens are laid out for normal text; the citizen who chose
	// large text is gone with the rest of their session.
	if u.large {
		u.large = false
		fyne.CurrentApp().Settings().SetTheme(kiosktheme.New())
	}
	u.staffMode = true
	u.staff.clear()
	u.activity()
	u.show(u.staff)
}

// signOut leaves staff mode, by the button or after StaffIdle.
func (u *UI) signOut() {
	u.gen++
	if u.cancel != nil {
		u.cancel()
		u.cancel = nil
	}
	u.staffMode = false
	u.staff.clear()
	u.lastInput = u.now()
	u.show(u.home)
}

// call runs a service call in a goroutine with a cancellable context and
// applies its result through post, unless the session moved on.
func (u *UI) call(work func(ctx context.Context) func()) {
	if u.cancel != nil {
		u.cancel()
	}
	u.gen++
	gen := u.gen
	ctx, cancel := context.WithCancel(u.life)
	u.cancel = cancel
	go func() {
		apply := work(ctx)
		cancel()
		u.post(func() bool {
			if gen != u.gen {
				return false
			}
			u.cancel = nil
			apply()
			return true
		})
	}()
}
