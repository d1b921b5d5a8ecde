package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	adminpkg "github.com/motcua/kiosk/firmware/admin"
	"github.com/motcua/kiosk/firmware/code"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/storage"
)

// DefaultConfigPath is where a provisioned kiosk keeps its settings.
const DefaultConfigPath = "/etc/motcua-kiosk/kiosk.toml"

// Config is kiosk.toml (DESIGN §9). Durations are written as "60s", "2m".
type Config struct {
	Commune  string `toml:"commune"`
	KioskID  string `toml:"kiosk_id"`
	Language string `toml:"language"`
	DataDir  string `toml:"data_dir"`
	Portal   struct {
		URL           string   `toml:"url"`
		LookupTimeout Duration `toml:"lookup_timeout"`
		HealthEvery   Duration `toml:"health_every"`
		// ReceiptHosts are the hosts whose receipt URLs (the QR code on a
		// receipt) the kiosk reads a code from; default: the portal's
		// host, and the demo receipts' host in demo mode.
		ReceiptHosts []string `toml:"receipt_hosts"`
		// CacheTTL is how long an answer is kept to show offline; short,
		// since a stolen card gives away what is kept (README).
		CacheTTL Duration `toml:"cache_ttl"`
	} `toml:"portal"`
	Idle struct {
		ResetAfter   Duration `toml:"reset_after"`
		Countdown    Duration `toml:"countdown"`
		StaffSignout Duration `toml:"staff_signout"`
	} `toml:"idle"`
	Board  string `toml:"board"`
	Ledger struct {
		// Retention is how long raw events are kept before they are rolled
		// up into daily counts (DESIGN §8: 180 days).
		Retention Duration `toml:"retention"`
	} `toml:"ledger"`
	Admin struct {
		// Listen is the admin endpoint's address ("0.0.0.0:9180"); empty:
		// off. Its bearer token is admin_token in the secrets file.
		Listen string `toml:"listen"`
	} `toml:"admin"`
	deviceConfig

	path string // "" in demo mode
}

// Secrets is the 0600 file beside the config: nothing here may reach a log.
type Secrets struct {
	DeviceToken  string `toml:"device_token"`
	HMACKey      string `toml:"hmac_key"` // hex
	StaffPINHash string `toml:"staff_pin_hash"`
	AdminToken   string `toml:"admin_token"` // the admin endpoint's bearer token
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

func defaultConfig() Config {
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
	c.Ledger.Retention.Duration = storage.DefaultRetention
	c.deviceConfig = defaultDeviceConfig()
	return c
}

// loadConfig reads path over the defaults. Unknown keys and bad values are
// errors that name each key, so a typo never passes silently.
func loadConfig(path string) (Config, error) {
	c := defaultConfig()
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	var bad []string
	for _, k := range md.Undecoded() {
		bad = append(bad, fmt.Sprintf("unknown key %q", k.String()))
	}
	bad = append(bad, c.problems()...)
	if len(bad) > 0 {
		sort.Strings(bad)
		return c, fmt.Errorf("config %s: %s", path, strings.Join(bad, "; "))
	}
	c.path = path
	return c, nil
}

func (c *Config) problems() []string {
	var p []string
	if strings.TrimSpace(c.Commune) == "" {
		p = append(p, `"commune" is empty`)
	}
	if c.Language != "vi" && c.Language != "en" {
		p = append(p, fmt.Sprintf(`"language" is %q, want "vi" or "en"`, c.Language))
	}
	if u := c.Portal.URL; u != "" {
		if err := checkPortalURL(u); err != nil {
			p = append(p, err.Error())
		}
	}
	for _, h := range c.Portal.ReceiptHosts {
		if code.HostOf(h) == "" || strings.ContainsAny(h, "/?#@ \\") {
			p = append(p, fmt.Sprintf(`"portal.receipt_hosts" holds %q, which is not a host name`, h))
		}
	}
	if c.Portal.LookupTimeout.Duration == 0 || c.Portal.LookupTimeout.Duration > 30*time.Second {
		p = append(p, `"portal.lookup_timeout" must be between 0 and 30s`)
	}
	if d := c.Portal.CacheTTL.Duration; d < 10*time.Minute || d > 7*24*time.Hour {
		p = append(p, `"portal.cache_ttl" must be between 10m and 168h (7 days)`)
	}
	if c.Idle.ResetAfter.Duration < 10*time.Second {
		p = append(p, `"idle.reset_after" must be at least 10s`)
	}
	if c.Idle.Countdown.Duration >= c.Idle.ResetAfter.Duration {
		p = append(p, `"idle.countdown" must be shorter than "idle.reset_after"`)
	}
	if r := c.Ledger.Retention.Duration; r < 7*24*time.Hour {
		p = append(p, `"ledger.retention" must be at least 7 days ("168h")`)
	}
	if a := c.Admin.Listen; a != "" {
		if _, _, err := net.SplitHostPort(a); err != nil {
			p = append(p, `"admin.listen" is not HOST:PORT`)
		}
	}
	if c.Board != "sim" && c.Board != "pi" {
		p = append(p, fmt.Sprintf(`"board" is %q, want "sim" or "pi"`, c.Board))
	}
	p = append(p, c.deviceConfig.problems()...)
	return p
}

// demoReceiptHost is the host of the demo receipts' QR URLs (README).
const demoReceiptHost = "dichvucong.backan.gov.vn"

// checkPortalURL is portal.CheckURL with the setting's name.
func checkPortalURL(raw string) error {
	if err := portal.CheckURL(raw); err != nil {
		return fmt.Errorf(`"portal.url" %w`, err)
	}
	return nil
}

// receiptHosts are the hosts whose receipt URLs the kiosk reads: the
// settings' own list, or the portal's host, and the demo receipts' host
// in demo mode.
func receiptHosts(c Config, portalURL string, demo bool) []string {
	if len(c.Portal.ReceiptHosts) > 0 {
		return c.Portal.ReceiptHosts
	}
	var hosts []string
	if h := code.HostOf(portalURL); h != "" {
		hosts = append(hosts, h)
	}
	if demo {
		hosts = append(hosts, demoReceiptHost)
	}
	return hosts
}

// secretsPath is the secrets file beside the config, or in the data dir in
// demo mode.
func secretsPath(c Config, dataDir string) string {
	if c.path != "" {
		return filepath.Join(filepath.Dir(c.path), "secrets.toml")
	}
	return filepath.Join(dataDir, "secrets.toml")
}

// loadSecrets reads the secrets file. In demo mode a missing file is made
// with a fresh key, token and the demo PIN; a provisioned kiosk must have one.
func loadSecrets(path string, demo bool) (Secrets, []byte, error) {
	var s Secrets
	if fi, err := os.Stat(path); err == nil {
		if fi.Mode().Perm()&0o077 != 0 {
			return s, nil, fmt.Errorf("secrets %s: readable by others (mode %o), want 0600", path, fi.Mode().Perm())
		}
		md, err := toml.DecodeFile(path, &s)
		if err != nil {
			return s, nil, fmt.Errorf("secrets %s: %w", path, err)
		}
		if u := md.Undecoded(); len(u) > 0 {
			return s, nil, fmt.Errorf("secrets %s: unknown key %q", path, u[0].String())
		}
	} else if errors.Is(err, fs.ErrNotExist) && demo {
		if s, err = newDemoSecrets(path); err != nil {
			return s, nil, err
		}
	} else {
		return s, nil, fmt.Errorf("secrets: %w", err)
	}
	key, err := hex.DecodeString(s.HMACKey)
	if err != nil || len(key) < 16 {
		return s, nil, fmt.Errorf("secrets %s: \"hmac_key\" must be at least 32 hex digits", path)
	}
	return s, key, nil
}

// checkSecrets validates a provisioned kiosk's secrets file as the kiosk
// will read it, naming each key that is wrong and never its value. admin
// says whether the settings turn the admin endpoint on.
func checkSecrets(path string, admin bool) error {
	s, _, err := loadSecrets(path, false)
	if err != nil {
		return err
	}
	var p []string
	if s.DeviceToken == "" {
		p = append(p, `"device_token" is empty: the portal will refuse the kiosk`)
	}
	if s.StaffPINHash == "" {
		p = append(p, `"staff_pin_hash" is empty: staff mode cannot open`)
	} else if err := kiosk.CheckPINHash(s.StaffPINHash); err != nil {
		p = append(p, fmt.Sprintf(`"staff_pin_hash" is %v: staff mode cannot open`, err))
	} else if why, weak := kiosk.WeakPINHash(s.StaffPINHash); weak {
		p = append(p, fmt.Sprintf(`"staff_pin_hash" is the hash of %s: choose another PIN (%d to %d digits, no repeats or runs) and provision it again`,
			why, kiosk.MinPINLen, kiosk.MaxPINLen))
	}
	switch t := s.AdminToken; {
	case t == "" && admin:
		p = append(p, `"admin_token" is empty but "admin.listen" is set: the kiosk will not start`)
	case t != "" && len(t) < adminpkg.MinTokenLen:
		p = append(p, fmt.Sprintf(`"admin_token" is shorter than %d bytes: the admin endpoint will not start (make one with "openssl rand -hex 32")`, adminpkg.MinTokenLen))
	}
	if len(p) > 0 {
		return fmt.Errorf("secrets %s:\n  %s", path, strings.Join(p, "\n  "))
	}
	return nil
}

func newDemoSecrets(path string) (Secrets, error) {
	var s Secrets
	key := make([]byte, 32)
	token := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		return s, err
	}
	if _, err := rand.Read(token); err != nil {
		return s, err
	}
	h, err := kiosk.HashPIN(kiosk.DemoPIN)
	if err != nil {
		return s, err
	}
	s = Secrets{DeviceToken: hex.EncodeToString(token), HMACKey: hex.EncodeToString(key), StaffPINHash: h}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return s, fmt.Errorf("secrets: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return s, fmt.Errorf("secrets: %w", err)
	}
	if err := toml.NewEncoder(f).Encode(s); err != nil {
		f.Close()
		return s, fmt.Errorf("secrets: %w", err)
	}
	return s, f.Close()
}

// defaultDataDir is /var/lib/motcua-kiosk on a provisioned kiosk and the
// user's data directory in demo mode.
func defaultDataDir(demo bool) string {
	if !demo {
		return "/var/lib/motcua-kiosk"
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "motcua-kiosk")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "motcua-kiosk")
	}
	return filepath.Join(os.TempDir(), "motcua-kiosk")
}
