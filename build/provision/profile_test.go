package provision

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware/settings"
)

func TestLoadExampleProfile(t *testing.T) {
	p, err := LoadProfile("testdata/device.toml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Hostname != "kiosk-dongphuc-01" || p.Timezone != DefaultTimezone || p.WiFi.SSID != "UBND-DongPhuc" ||
		p.WiFi.Country != "VN" || p.SSH.User != "kythuat" || len(p.SSH.AuthorizedKeys) != 1 ||
		p.Display.Rotate != 180 || p.Kiosk.Commune != "UBND xã Đồng Phúc" || p.Kiosk.Portal.URL == "" ||
		p.Secrets.StaffPIN != "135790" {
		t.Errorf("profile = %+v", p)
	}
	if !filepath.IsAbs(p.path(p.Package)) {
		t.Errorf("package path %s is not resolved against the profile", p.path(p.Package))
	}
}

func writeProfile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "device.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const minimalProfile = `
hostname = "kiosk-01"
[kiosk]
commune = "UBND xã Đồng Phúc"
[secrets]
device_token = "tok"
staff_pin = "240817"
`

func TestMinimalProfileDefaults(t *testing.T) {
	p, err := LoadProfile(writeProfile(t, minimalProfile))
	if err != nil {
		t.Fatal(err)
	}
	if p.Timezone != "Asia/Ho_Chi_Minh" || p.SSH.User != "kythuat" || p.Kiosk.KioskID != "kiosk-01" ||
		p.Kiosk.Board != "pi" || p.WiFi != nil || p.Display != nil {
		t.Errorf("defaults = %+v", p)
	}
}

func TestProfileRefusesUnknownKeys(t *testing.T) {
	_, err := LoadProfile(writeProfile(t, minimalProfile+`
hostnme = "typo"
[wifi]
ssid = "x"
password = "secret12"
[kiosk.portal]
adress = "https://x"
`))
	if err == nil {
		t.Fatal("LoadProfile accepted unknown keys")
	}
	// TOML puts hostnme under [secrets], the table it follows.
	for _, want := range []string{`unknown key "secrets.hostnme"`, `unknown key "wifi.password"`, `unknown key "kiosk.portal.adress"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestProfileNamesEveryBadValue(t *testing.T) {
	_, err := LoadProfile(writeProfile(t, `
hostname = "Kiosk_01"
timezone = "Asia/Hanoi_City"
package = "missing.deb"
update_key = "missing.pub"
[wifi]
ssid = ""
psk = "short"
country = "vn"
[ssh]
user = "root"
authorized_keys = ["ssh-ed25519 not-base64"]
[display]
connector = "HDMI 1"
mode = "big"
rotate = 45
[kiosk]
commune = ""
language = "fr"
board = "pc"
data_dir = "relative"
[kiosk.portal]
url = "ftp://portal"
lookup_timeout = "1m"
[kiosk.idle]
reset_after = "5s"
countdown = "10s"
[secrets]
hmac_key = "abc"
staff_pin = "12ab"
`))
	if err == nil {
		t.Fatal("LoadProfile accepted bad values")
	}
	for _, key := range []string{`"hostname"`, `"timezone"`, `"package"`, `"update_key"`, `"wifi.ssid"`, `"wifi.psk"`,
		`"wifi.country"`, `"ssh.user"`, `"ssh.authorized_keys"[0]`, `"display.connector"`, `"display.mode"`,
		`"display.rotate"`, `"kiosk.commune"`, `"kiosk.language"`, `"kiosk.board"`, `"kiosk.data_dir"`,
		`"kiosk.portal.url"`, `"kiosk.portal.lookup_timeout"`, `"kiosk.idle.reset_after"`, `"kiosk.idle.countdown"`,
		`"secrets.device_token"`, `"secrets.hmac_key"`, `"secrets.staff_pin"`} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s", key)
		}
	}
	if t.Failed() {
		t.Log(err)
	}
}

func TestProfileSyntaxError(t *testing.T) {
	_, err := LoadProfile(writeProfile(t, "hostname = \n"))
	if err == nil || !strings.Contains(err.Error(), "device.toml") {
		t.Fatalf("LoadProfile(bad TOML) = %v", err)
	}
	if _, err := LoadProfile(filepath.Join(t.TempDir(), "none.toml")); err == nil {
		t.Fatal("LoadProfile(missing) succeeded")
	}
}

// The staff PIN follows kiosk.CheckPINPolicy: the demo PIN, short PINs,
// repeats and runs are refused, naming the key.
func TestProfileRefusesWeakPINs(t *testing.T) {
	for _, pin := range []string{"2468", "13579", "000000", "123456", "987654"} {
		_, err := LoadProfile(writeProfile(t, strings.Replace(minimalProfile, `"240817"`, `"`+pin+`"`, 1)))
		if err == nil || !strings.Contains(err.Error(), `"secrets.staff_pin"`) {
			t.Errorf("PIN %s: %v, want an error naming \"secrets.staff_pin\"", pin, err)
		}
	}
}

// TestProfilePortalURL: the device token goes with every request, so a
// provisioned kiosk talks to its portal over https, or to an adapter on
// the kiosk itself.
func TestProfilePortalURL(t *testing.T) {
	for url, ok := range map[string]bool{
		"https://portal.backan.example/kiosk": true,
		"http://127.0.0.1:8089":               true,
		"http://portal.backan.example/kiosk":  false,
		"http://127.0.0.1.example.vn":         false,
	} {
		profile := strings.Replace(minimalProfile, "[secrets]", "[kiosk.portal]\nurl = \""+url+"\"\n[secrets]", 1)
		_, err := LoadProfile(writeProfile(t, profile))
		if ok && err != nil {
			t.Errorf("%s refused: %v", url, err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), `"kiosk.portal.url"`) || !strings.Contains(err.Error(), "https://")) {
			t.Errorf("%s: %v, want an error naming \"kiosk.portal.url\" and asking for https://", url, err)
		}
	}
}

// The profile's [kiosk] and [secrets] tables are the kiosk's own settings,
// checked by its rules (firmware/settings): every key the kiosk knows can
// be provisioned, and what provisioning writes is what the kiosk starts
// with.
func TestProfileIsTheKiosksSettings(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef"
	profile := strings.Replace(minimalProfile, "[secrets]", `
[kiosk.portal]
url = "https://portal.backan.example/kiosk"
receipt_hosts = ["dichvucong.backan.gov.vn"]
cache_ttl = "12h"
[kiosk.admin]
listen = "0.0.0.0:9180"
[kiosk.display]
rotation = 90
console = "/dev/tty1"
[kiosk.pins]
bh1750 = "none"
[secrets]
admin_token = "`+token+`"`, 1)
	p, err := LoadProfile(writeProfile(t, profile))
	if err != nil {
		t.Fatal(err)
	}
	if p.Kiosk.Portal.CacheTTL.Duration != 12*time.Hour || p.Kiosk.Display.Rotation != 90 || p.Kiosk.Pins.BH1750 != "none" ||
		p.Kiosk.Idle.ResetAfter.Duration != time.Minute {
		t.Errorf("kiosk settings %+v", p.Kiosk)
	}
	dir := t.TempDir()
	k, err := kioskTOML(p)
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "kiosk.toml")
	if err := os.WriteFile(cfgPath, k, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := settings.Load(cfgPath)
	if err != nil {
		t.Fatalf("the kiosk refuses what provisioning wrote: %v\n%s", err, k)
	}
	if c.KioskID != "kiosk-01" || c.Board != "pi" || c.Admin.Listen != "0.0.0.0:9180" || c.Portal.CacheTTL.Duration != 12*time.Hour ||
		c.Display.Rotation != 90 || len(c.Portal.ReceiptHosts) != 1 {
		t.Errorf("the kiosk read %+v", c)
	}
	if strings.Contains(string(k), "lookup_timeout") || strings.Contains(string(k), "retention") {
		t.Errorf("kiosk.toml holds keys the profile did not give, freezing the kiosk's defaults:\n%s", k)
	}
	s, _, err := secretsTOML(p, strings.NewReader(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	secretsPath := filepath.Join(dir, "secrets.toml")
	if err := os.WriteFile(secretsPath, s, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := settings.CheckSecrets(secretsPath, c.Admin.Listen != ""); err != nil {
		t.Errorf("the kiosk refuses the secrets provisioning wrote: %v", err)
	}

	// Without the admin token, the admin endpoint it turns on would keep
	// the kiosk from starting.
	noToken := strings.Replace(profile, `admin_token = "`+token+`"`, "", 1)
	if _, err := LoadProfile(writeProfile(t, noToken)); err == nil || !strings.Contains(err.Error(), `"secrets.admin_token" is empty`) {
		t.Errorf("admin endpoint without a token: %v", err)
	}
}

// Where the two schemas disagreed, the stricter rule holds for both.
func TestProfileKioskRules(t *testing.T) {
	for _, tc := range []struct {
		name    string
		kiosk   string // tables added before [secrets]
		secrets string // a line added to [secrets], in place of the key's own
		want    string
	}{
		{"unknown display key", "[kiosk.display]\ncolour = \"blue\"", "", `unknown key "kiosk.display.colour"`},
		{"cache kept a month", "[kiosk.portal]\ncache_ttl = \"720h\"", "", `"kiosk.portal.cache_ttl"`},
		{"bad I²C address", "[kiosk.pins]\nbme280 = \"0x99\"", "", `"kiosk.pins.bme280"`},
		{"short retention", "[kiosk.ledger]\nretention = \"24h\"", "", `"kiosk.ledger.retention"`},
		{"receipt host a URL", "[kiosk.portal]\nreceipt_hosts = [\"https://x.vn/a\"]", "", `"kiosk.portal.receipt_hosts"`},
		{"admin not host:port", "[kiosk.admin]\nlisten = \"9180\"", "", `"kiosk.admin.listen"`},
		{"a number for a word", "[kiosk.portal]\nurl = 5", "", `[kiosk]`},
		{"half an HMAC key", "", `hmac_key = "` + strings.Repeat("ab", 16) + `"`, `"secrets.hmac_key" must be 64 hex digits`},
		{"short admin token", "", `admin_token = "short"`, `"secrets.admin_token" is shorter than 32 bytes`},
		{"token with newline", "", `device_token = "tok\nX: 1"`, `"secrets.device_token" holds a control character`},
	} {
		profile := strings.Replace(minimalProfile, "[secrets]", tc.kiosk+"\n[secrets]", 1)
		switch own := `device_token = "tok"`; {
		case strings.HasPrefix(tc.secrets, "device_token"):
			profile = strings.Replace(profile, own, tc.secrets, 1)
		case tc.secrets != "":
			profile = strings.Replace(profile, own, own+"\n"+tc.secrets, 1)
		}
		_, err := LoadProfile(writeProfile(t, profile))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %s", tc.name, err, tc.want)
		}
	}
}
