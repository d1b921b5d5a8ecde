package provision

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // validate time zones the same on every technician's machine

	"github.com/BurntSushi/toml"
	"golang.org/x/crypto/ssh"

	"github.com/motcua/kiosk/build/sign"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/settings"
)

// DefaultTimezone is the kiosks' time zone.
const DefaultTimezone = "Asia/Ho_Chi_Minh"

// Profile is one device's settings: the device.toml a technician writes.
// See the package documentation for the file format.
type Profile struct {
	Hostname  string `toml:"hostname"`
	Timezone  string `toml:"timezone"`
	Package   string `toml:"package"`    // a .deb, relative to the profile
	UpdateKey string `toml:"update_key"` // a kioskctl keygen .pub, relative to the profile

	WiFi    *WiFi    `toml:"wifi"`
	SSH     SSH      `toml:"ssh"`
	Display *Display `toml:"display"`
	Secrets Secrets  `toml:"secrets"`

	// Kiosk is the [kiosk] table as the kiosk will read it from
	// kiosk.toml: its keys, defaults and rules are the kiosk's own
	// (firmware/settings).
	Kiosk settings.Config `toml:"-"`
	// kioskTable is the [kiosk] table as written, with provisioning's
	// defaults: what goes into kiosk.toml, so that the kiosk's defaults
	// apply to the keys not given.
	kioskTable map[string]any

	dir string // the profile's directory, for relative paths
}

// WiFi is the wireless network the kiosk joins (NetworkManager keyfile).
type WiFi struct {
	SSID    string `toml:"ssid"`
	PSK     string `toml:"psk"`     // "" for an open network
	Country string `toml:"country"` // regulatory domain, default "VN"
	Hidden  bool   `toml:"hidden"`
}

// SSH is the technician's remote access.
type SSH struct {
	User           string   `toml:"user"` // default "kythuat"
	AuthorizedKeys []string `toml:"authorized_keys"`
}

// Display is the screen's connector, mode and rotation, written as the
// kernel's video= parameter in cmdline.txt.
type Display struct {
	Connector string `toml:"connector"` // "DSI-1" (the official 7" panel), "HDMI-A-1"
	Mode      string `toml:"mode"`      // "800x480@60"
	Rotate    int    `toml:"rotate"`    // 0, 90, 180 or 270 degrees
}

// Secrets are what goes, transformed, into secrets.toml, checked by the
// kiosk's own rules (firmware/settings). The PIN itself is never written
// anywhere: only its bcrypt hash.
type Secrets struct {
	DeviceToken string `toml:"device_token"`
	HMACKey     string `toml:"hmac_key"` // 64 hex digits; generated when empty
	StaffPIN    string `toml:"staff_pin"`
	AdminToken  string `toml:"admin_token"` // optional; needed when [kiosk.admin] listen is set
}

// LoadProfile reads and checks a profile. Unknown keys and bad values are
// refused, each named, all at once.
func LoadProfile(path string) (*Profile, error) {
	var p Profile
	md, err := toml.DecodeFile(path, &p)
	if err != nil {
		return nil, fmt.Errorf("provision: profile %s: %w", path, err)
	}
	var bad []string
	for _, k := range md.Undecoded() {
		if k[0] != "kiosk" { // the kiosk's own rules name those below
			bad = append(bad, fmt.Sprintf("unknown key %q", k.String()))
		}
	}
	var raw struct {
		Kiosk map[string]any `toml:"kiosk"`
	}
	if _, err := toml.DecodeFile(path, &raw); err != nil {
		return nil, fmt.Errorf("provision: profile %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("provision: %w", err)
	}
	p.dir = filepath.Dir(abs)
	p.kioskTable = raw.Kiosk
	p.setDefaults()
	data, err := p.kioskTOML()
	if err != nil {
		return nil, err
	}
	cfg, kbad, err := settings.Decode(data, "kiosk")
	if err != nil {
		bad = append(bad, fmt.Sprintf("[kiosk]: %v", err))
	}
	p.Kiosk = cfg
	bad = append(bad, kbad...)
	bad = append(bad, p.problems()...)
	if len(bad) > 0 {
		return nil, fmt.Errorf("provision: profile %s: %s", path, strings.Join(bad, "; "))
	}
	return &p, nil
}

func (p *Profile) setDefaults() {
	if p.Timezone == "" {
		p.Timezone = DefaultTimezone
	}
	if p.SSH.User == "" {
		p.SSH.User = "kythuat"
	}
	if p.WiFi != nil && p.WiFi.Country == "" {
		p.WiFi.Country = "VN"
	}
	if d := p.Display; d != nil && d.Mode == "" && d.Connector == "DSI-1" {
		d.Mode = "800x480@60"
	}
	if p.kioskTable == nil {
		p.kioskTable = map[string]any{}
	}
	if id, _ := p.kioskTable["kiosk_id"].(string); id == "" {
		p.kioskTable["kiosk_id"] = p.Hostname
	}
	if b, _ := p.kioskTable["board"].(string); b == "" {
		p.kioskTable["board"] = "pi" // the kiosk's own default is the simulated board
	}
}

// kioskTOML is the [kiosk] table in kiosk.toml's form: the keys given and
// provisioning's defaults.
func (p *Profile) kioskTOML() ([]byte, error) {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(p.kioskTable); err != nil {
		return nil, fmt.Errorf("provision: kiosk.toml: %w", err)
	}
	return b.Bytes(), nil
}

var (
	hostnameRE  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	userRE      = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
	connectorRE = regexp.MustCompile(`^[A-Za-z]+(-[A-Za-z]+)?-[0-9]+$`)
	modeRE      = regexp.MustCompile(`^[0-9]{3,4}x[0-9]{3,4}(@[0-9]{2,3})?$`)
	countryRE   = regexp.MustCompile(`^[A-Z]{2}$`)
)

// problems lists every bad value, naming its key.
func (p *Profile) problems() []string {
	var bad []string
	add := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }

	if !hostnameRE.MatchString(p.Hostname) {
		add(`"hostname" %q must be 1–63 lower-case letters, digits or '-', not starting or ending with '-'`, p.Hostname)
	}
	if _, err := time.LoadLocation(p.Timezone); err != nil || p.Timezone == "Local" {
		add(`"timezone" %q is not a time zone name such as %q`, p.Timezone, DefaultTimezone)
	}
	if p.Package != "" {
		if !strings.HasSuffix(p.Package, ".deb") {
			add(`"package" %q is not a .deb file`, p.Package)
		} else if fi, err := os.Stat(p.path(p.Package)); err != nil || !fi.Mode().IsRegular() {
			add(`"package" %q: no such file`, p.Package)
		}
	}
	if p.UpdateKey != "" {
		if _, err := sign.LoadPublicKey(p.path(p.UpdateKey)); err != nil {
			add(`"update_key": %v`, err)
		}
	}
	if w := p.WiFi; w != nil {
		if n := len(w.SSID); n == 0 || n > 32 || strings.ContainsFunc(w.SSID, isControl) {
			add(`"wifi.ssid" must be 1–32 bytes without control characters`)
		}
		if n := len(w.PSK); n != 0 && !(n >= 8 && n <= 63 && isPrintableASCII(w.PSK)) && !(n == 64 && isHex(w.PSK)) {
			add(`"wifi.psk" must be 8–63 printable ASCII characters or 64 hex digits (or absent for an open network)`)
		}
		if !countryRE.MatchString(w.Country) {
			add(`"wifi.country" %q must be two upper-case letters such as "VN"`, w.Country)
		}
	}
	if !userRE.MatchString(p.SSH.User) || slices.Contains([]string{"root", "kiosk", "daemon", "nobody"}, p.SSH.User) {
		add(`"ssh.user" %q must be a new login name (lower-case letters, digits, '_' or '-'), not root or kiosk`, p.SSH.User)
	}
	for i, k := range p.SSH.AuthorizedKeys {
		if strings.ContainsAny(k, "\r\n") {
			add(`"ssh.authorized_keys"[%d] must be one line`, i)
		} else if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k)); err != nil {
			add(`"ssh.authorized_keys"[%d] is not an OpenSSH public key line (ssh-ed25519 AAAA… comment)`, i)
		}
	}
	if d := p.Display; d != nil {
		if !connectorRE.MatchString(d.Connector) {
			add(`"display.connector" %q must be a DRM connector name such as "DSI-1" or "HDMI-A-1"`, d.Connector)
		}
		if !modeRE.MatchString(d.Mode) {
			add(`"display.mode" %q must be WIDTHxHEIGHT@HZ such as "800x480@60"`, d.Mode)
		}
		if d.Rotate != 0 && d.Rotate != 90 && d.Rotate != 180 && d.Rotate != 270 {
			add(`"display.rotate" %d must be 0, 90, 180 or 270`, d.Rotate)
		}
	}

	// The secrets, by the rules the kiosk reads secrets.toml with.
	s := p.Secrets
	if err := settings.CheckDeviceToken(s.DeviceToken); err != nil {
		add(`"secrets.device_token" %v (the portal's token for this kiosk)`, err)
	}
	if s.HMACKey != "" {
		if _, err := settings.HMACKey(s.HMACKey); err != nil {
			add(`"secrets.hmac_key" %v, or absent to generate one`, err)
		}
	}
	if err := kiosk.CheckPINPolicy(s.StaffPIN); err != nil {
		add(`"secrets.staff_pin" %v`, err)
	}
	if err := settings.CheckAdminToken(s.AdminToken, p.Kiosk.Admin.Listen != ""); err != nil {
		add(`"secrets.admin_token" %v`, err)
	}
	return bad
}

// path resolves a path given in the profile against the profile's directory.
func (p *Profile) path(name string) string {
	if filepath.IsAbs(name) || p.dir == "" {
		return name
	}
	return filepath.Join(p.dir, name)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}
