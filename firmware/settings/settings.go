package settings

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/motcua/kiosk/firmware/code"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/portal"
)

// DefaultPath is where a provisioned kiosk keeps its settings.
const DefaultPath = "/etc/motcua-kiosk/kiosk.toml"

// DefaultRetention is how long raw events are kept before they are rolled
// up into daily counts (DESIGN §8: 180 days); storage's default, which a
// test holds equal.
const DefaultRetention = 180 * 24 * time.Hour

// Config is kiosk.toml (DESIGN §9). Durations are written as "60s", "2m".
type Config struct {
	Commune  string `toml:"commune"`
	KioskID  string `toml:"kiosk_id"`
	Language string `toml:"language"`
	DataDir  string `toml:"data_dir"`
	Board    string `toml:"board"`
	Portal   Portal `toml:"portal"`
	Idle     Idle   `toml:"idle"`
	Ledger   struct {
		// Retention is how long raw events are kept before they are rolled
		// up into daily counts (DESIGN §8: 180 days).
		Retention Duration `toml:"retention"`
	} `toml:"ledger"`
	Admin struct {
		// Listen is the admin endpoint's address ("0.0.0.0:9180"); empty:
		// off. Its bearer token is admin_token in the secrets file.
		Listen string `toml:"listen"`
	} `toml:"admin"`
	Display Display `toml:"display"`
	Pins    Pins    `toml:"pins"`

	path string // the file it was read from; "" for the defaults (demo mode)
}

// Portal is the [portal] table.
type Portal struct {
	URL           string   `toml:"url"`
	LookupTimeout Duration `toml:"lookup_timeout"`
	HealthEvery   Duration `toml:"health_every"`
	// ReceiptHosts are the hosts whose receipt URLs (the QR code on a
	// receipt) the kiosk reads a code from; default: the portal's host,
	// and the demo receipts' host in demo mode.
	ReceiptHosts []string `toml:"receipt_hosts"`
	// CacheTTL is how long an answer is kept to show offline; short,
	// since a stolen card gives away what is kept (README).
	CacheTTL Duration `toml:"cache_ttl"`
}

// Idle is the [idle] table.
type Idle struct {
	ResetAfter   Duration `toml:"reset_after"`
	Countdown    Duration `toml:"countdown"`
	StaffSignout Duration `toml:"staff_signout"`
}

// Display is the appliance's screen:
//
//	[display]
//	rotation = 90                      # clockwise: a landscape panel hung portrait
//	touch_calibration = [1, 0, 0, 0, 1, 0]
//	blank_after = "10m"                # no motion and no touch: screen off
//	backlight = "auto"                 # a /sys/class/backlight device, "auto" or "none"
//	console = "/dev/tty1"              # the framebuffer's VT, kept in graphics mode; "": left alone
type Display struct {
	Rotation         int       `toml:"rotation"`
	TouchCalibration []float64 `toml:"touch_calibration"`
	BlankAfter       Duration  `toml:"blank_after"`
	Backlight        string    `toml:"backlight"`
	// MinBrightness and MaxBrightness bound what the light sensor sets, as
	// a share of the backlight's range: a dark hall must still show the
	// screen, a bright one need not burn the panel.
	MinBrightness float64 `toml:"min_brightness"`
	MaxBrightness float64 `toml:"max_brightness"`
	// Console is the virtual terminal that shares the framebuffer: the
	// appliance keeps it in graphics mode while it draws, so that the
	// kernel draws no console text or cursor over the frames. On a Pi it
	// is tty1, the VT on the screen after boot. "": left alone.
	Console string `toml:"console"`
}

// Pins names where each part of DESIGN §2 is wired: BCM names and I²C
// addresses on i2c_bus; "none" is a part not fitted.
type Pins struct {
	I2CBus       string `toml:"i2c_bus"`
	BME280       string `toml:"bme280"`
	BH1750       string `toml:"bh1750"`
	PIR          string `toml:"pir"`
	Door         string `toml:"door"`
	LEDHeartbeat string `toml:"led_heartbeat"`
	LEDNetwork   string `toml:"led_network"`
	LEDPortal    string `toml:"led_portal"`
	LEDFault     string `toml:"led_fault"`
	Buzzer       string `toml:"buzzer"`
}

// Duration is a time.Duration written as text in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses "90s", "2m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	if v < 0 {
		return errors.New("negative duration")
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as Go writes it, "1m0s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }

// Default is the settings with no file: demo mode's, and what a file's
// missing keys take.
func Default() Config {
	var c Config
	c.Commune = "UBND xã Đồng Phúc"
	c.KioskID = "demo-kiosk"
	c.Language = "vi"
	c.Portal.LookupTimeout.Duration = 5 * time.Second
	c.Portal.HealthEvery.Duration = time.Minute
	c.Portal.CacheTTL.Duration = kiosk.DefaultCacheTTL
	c.Idle.ResetAfter.Duration = 60 * time.Second
	c.Idle.Countdown.Duration = 10 * time.Second
	c.Idle.StaffSignout.Duration = 2 * time.Minute
	c.Board = "sim"
	c.Ledger.Retention.Duration = DefaultRetention
	c.Display = Display{
		BlankAfter:    Duration{10 * time.Minute},
		Backlight:     "auto",
		MinBrightness: 0.15,
		MaxBrightness: 1,
		Console:       "/dev/tty1",
	}
	c.Pins = Pins{
		BME280:       "0x76",
		BH1750:       "0x23",
		PIR:          "GPIO17",
		Door:         "GPIO27",
		LEDHeartbeat: "GPIO5",
		LEDNetwork:   "GPIO6",
		LEDPortal:    "GPIO13",
		LEDFault:     "GPIO19",
		Buzzer:       "GPIO26",
	}
	return c
}

// Path is the file the settings were read from; "" in demo mode.
func (c *Config) Path() string { return c.path }

// Load reads path over the defaults. Unknown keys and bad values are
// errors that name each key, so a typo never passes silently.
func Load(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Default(), fmt.Errorf("config %s: %w", path, err)
	}
	c, bad, err := Decode(data, "")
	if err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	if len(bad) > 0 {
		return c, fmt.Errorf("config %s: %s", path, strings.Join(bad, "; "))
	}
	c.path = path
	return c, nil
}

// Find is where every command finds its settings: the file given, else
// DefaultPath when it exists, else the defaults in demo mode.
func Find(path string) (c Config, demo bool, err error) {
	if path == "" {
		if _, err := os.Stat(DefaultPath); err == nil {
			path = DefaultPath
		}
	}
	if path == "" {
		return Default(), true, nil
	}
	c, err = Load(path)
	return c, false, err
}

// Decode reads settings in kiosk.toml's form over the defaults and lists,
// sorted, every unknown key and bad value. table is where the keys sit in a
// larger file ("kiosk" for a device profile's [kiosk]), so that each is
// named as the person who wrote it sees it; "" for kiosk.toml itself. The
// error is for text that is not TOML, or a value of the wrong type.
func Decode(data []byte, table string) (Config, []string, error) {
	c := Default()
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return c, nil, err
	}
	var bad []string
	for _, k := range md.Undecoded() {
		bad = append(bad, fmt.Sprintf("unknown key %q", key(table, k.String())))
	}
	bad = append(bad, c.problems(table)...)
	sort.Strings(bad)
	return c, bad, nil
}

// Problems lists every bad value, naming its key.
func (c *Config) Problems() []string { return c.problems("") }

// key is name as written in table.
func key(table, name string) string {
	if table == "" {
		return name
	}
	return table + "." + name
}

func (c *Config) problems(table string) []string {
	var p []string
	add := func(format string, keys ...string) {
		args := make([]any, len(keys))
		for i, k := range keys {
			args[i] = key(table, k)
		}
		p = append(p, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(c.Commune) == "" {
		add(`%q is empty (the name on the home screen)`, "commune")
	}
	if id := c.KioskID; strings.TrimSpace(id) == "" || len(id) > 64 || strings.ContainsFunc(id, isControl) {
		// It is sent in every request's X-Kiosk-ID header.
		add(`%q must be 1 to 64 characters without control characters`, "kiosk_id")
	}
	if c.Language != "vi" && c.Language != "en" {
		p = append(p, fmt.Sprintf(`%q is %q, want "vi" or "en"`, key(table, "language"), c.Language))
	}
	if c.DataDir != "" && !filepath.IsAbs(c.DataDir) {
		add(`%q must be an absolute path`, "data_dir")
	}
	if c.Board != "sim" && c.Board != "pi" {
		p = append(p, fmt.Sprintf(`%q is %q, want "sim" or "pi"`, key(table, "board"), c.Board))
	}
	if u := c.Portal.URL; u != "" {
		if err := portal.CheckURL(u); err != nil {
			p = append(p, fmt.Sprintf(`%q %v`, key(table, "portal.url"), err))
		}
	}
	for _, h := range c.Portal.ReceiptHosts {
		if code.HostOf(h) == "" || strings.ContainsAny(h, "/?#@ \\") {
			p = append(p, fmt.Sprintf(`%q holds %q, which is not a host name`, key(table, "portal.receipt_hosts"), h))
		}
	}
	for _, d := range []struct {
		name     string
		v        time.Duration
		min, max time.Duration
		note     string
	}{
		{"portal.lookup_timeout", c.Portal.LookupTimeout.Duration, time.Millisecond, 30 * time.Second, ""},
		{"portal.health_every", c.Portal.HealthEvery.Duration, time.Second, 24 * time.Hour, ""},
		{"portal.cache_ttl", c.Portal.CacheTTL.Duration, 10 * time.Minute, 7 * 24 * time.Hour, " (7 days)"},
		{"idle.reset_after", c.Idle.ResetAfter.Duration, 10 * time.Second, 24 * time.Hour, ""},
		{"idle.staff_signout", c.Idle.StaffSignout.Duration, time.Second, 24 * time.Hour, ""},
	} {
		if d.v < d.min || d.v > d.max {
			p = append(p, fmt.Sprintf(`%q must be between %s and %s%s`, key(table, d.name), short(d.min), short(d.max), d.note))
		}
	}
	if c.Idle.Countdown.Duration >= c.Idle.ResetAfter.Duration {
		add(`%q must be shorter than %q`, "idle.countdown", "idle.reset_after")
	}
	if r := c.Ledger.Retention.Duration; r < 7*24*time.Hour {
		add(`%q must be at least 7 days ("168h")`, "ledger.retention")
	}
	if a := c.Admin.Listen; a != "" {
		if _, _, err := net.SplitHostPort(a); err != nil {
			add(`%q is not HOST:PORT`, "admin.listen")
		}
	}

	d := &c.Display
	switch d.Rotation {
	case 0, 90, 180, 270:
	default:
		p = append(p, fmt.Sprintf(`%q is %d, want 0, 90, 180 or 270`, key(table, "display.rotation"), d.Rotation))
	}
	if n := len(d.TouchCalibration); n != 0 && n != 6 {
		p = append(p, fmt.Sprintf(`%q has %d numbers, want 6`, key(table, "display.touch_calibration"), n))
	}
	if d.BlankAfter.Duration != 0 && d.BlankAfter.Duration < 10*time.Second {
		add(`%q must be 0 (never) or at least 10s`, "display.blank_after")
	}
	if d.MinBrightness < 0 || d.MaxBrightness > 1 || d.MinBrightness > d.MaxBrightness {
		add(`%q and %q must satisfy 0 <= min <= max <= 1`, "display.min_brightness", "display.max_brightness")
	}
	if d.Console != "" && !IsVT(d.Console) {
		p = append(p, fmt.Sprintf(`%q is %q, want a virtual terminal from "/dev/tty1" to "/dev/tty63", or "" (off)`,
			key(table, "display.console"), d.Console))
	}
	for _, a := range []struct{ name, v string }{{"pins.bme280", c.Pins.BME280}, {"pins.bh1750", c.Pins.BH1750}} {
		if _, err := ParseI2CAddr(a.v); err != nil {
			p = append(p, fmt.Sprintf(`%q is %q, want an I²C address such as "0x76", or "none"`, key(table, a.name), a.v))
		}
	}
	for _, g := range []struct{ name, v string }{
		{"pins.pir", c.Pins.PIR}, {"pins.door", c.Pins.Door}, {"pins.led_heartbeat", c.Pins.LEDHeartbeat},
		{"pins.led_network", c.Pins.LEDNetwork}, {"pins.led_portal", c.Pins.LEDPortal},
		{"pins.led_fault", c.Pins.LEDFault}, {"pins.buzzer", c.Pins.Buzzer},
	} {
		if strings.TrimSpace(g.v) == "" {
			add(`%q is empty, want a pin such as "GPIO17", or "none"`, g.name)
		}
	}
	return p
}

// short writes a bound as a person would: "30s", "24h", "10m", "1ms".
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// IsVT says whether path names a virtual terminal, /dev/tty1 to
// /dev/tty63. /dev/tty0, the VT on the screen at the moment, is refused:
// the kiosk must give text mode back to the VT it took it from.
func IsVT(path string) bool {
	n, ok := strings.CutPrefix(path, "/dev/tty")
	v, err := strconv.Atoi(n)
	return ok && err == nil && v >= 1 && v <= 63 && strconv.Itoa(v) == n
}

// ParseI2CAddr reads "0x76" (0 for "none").
func ParseI2CAddr(s string) (uint16, error) {
	if s == "none" {
		return 0, nil
	}
	v, err := strconv.ParseUint(s, 0, 16)
	if err != nil || v < 0x03 || v > 0x77 {
		return 0, fmt.Errorf("bad I²C address %q", s)
	}
	return uint16(v), nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
