package settings

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware/admin"
	"github.com/motcua/kiosk/storage"
)

func writeFile(t *testing.T, dir, name, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.toml", `
commune = "UBND xã Đồng Phúc"
kiosk_id = "BK-BB-DP-01"
language = "vi"
data_dir = "/var/lib/motcua-kiosk"
[portal]
url = "https://portal.example.vn"
lookup_timeout = "4s"
[idle]
reset_after = "90s"
countdown = "15s"
`, 0o644)
	c, err := Load(good)
	if err != nil {
		t.Fatalf("good settings refused: %v", err)
	}
	if c.Idle.ResetAfter.Seconds() != 90 || c.Portal.LookupTimeout.Seconds() != 4 || c.Idle.StaffSignout.Minutes() != 2 ||
		c.Portal.HealthEvery.Duration != time.Minute || c.Path() != good {
		t.Fatalf("values not read over the defaults: %+v", c)
	}

	bad := writeFile(t, dir, "bad.toml", `
commune = ""
languag = "vi"
board = "arduino"
[portal]
url = "ftp://x"
[idle]
reset_after = "5s"
`, 0o644)
	_, err = Load(bad)
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, key := range []string{`unknown key "languag"`, `"commune"`, `"board"`, `"portal.url"`, `"idle.reset_after"`} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s: %v", key, err)
		}
	}
	for name, tc := range map[string]struct {
		portal, want string
	}{
		"plain http":             {`url = "http://portal.example.vn/kiosk"`, `"portal.url" must start with https://`},
		"http to another host":   {`url = "http://127.0.0.1.example.vn"`, `"portal.url" must start with https://`},
		"no host":                {`url = "https:///kiosk"`, `"portal.url" is not an http(s) URL`},
		"receipt host with path": {"url = \"https://p.example.vn\"\nreceipt_hosts = [\"x.vn/p?q\"]", `"portal.receipt_hosts"`},
		"empty receipt host":     {"url = \"https://p.example.vn\"\nreceipt_hosts = [\"\"]", `"portal.receipt_hosts"`},
		"loopback http":          {`url = "http://127.0.0.1:8089"`, ""},
		"localhost http":         {`url = "http://localhost:8089/kiosk"`, ""},
		"ipv6 loopback http":     {`url = "http://[::1]:8089"`, ""},
		"cache kept a month":     {"url = \"https://p.example.vn\"\ncache_ttl = \"720h\"", `"portal.cache_ttl"`},
		"cache kept 2 hours":     {"url = \"https://p.example.vn\"\ncache_ttl = \"2h\"", ""},
		"receipt hosts":          {"url = \"https://p.example.vn\"\nreceipt_hosts = [\"dichvucong.backan.gov.vn\", \"tracuu.example.vn:8443\"]", ""},
		"lookup of a minute":     {`lookup_timeout = "1m"`, `"portal.lookup_timeout" must be between 1ms and 30s`},
		"lookup of no time":      {`lookup_timeout = "0s"`, `"portal.lookup_timeout"`},
		"health never checked":   {`health_every = "0s"`, `"portal.health_every" must be between 1s and 24h`},
		"health every 2 days":    {`health_every = "48h"`, `"portal.health_every"`},
		"health every 5 minutes": {`health_every = "5m"`, ""},
	} {
		f := writeFile(t, dir, "portal.toml", "commune = \"x\"\n[portal]\n"+tc.portal+"\n", 0o644)
		_, err := Load(f)
		if tc.want == "" && err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
		if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want an error saying %s", name, err, tc.want)
		}
	}
	broken := writeFile(t, dir, "broken.toml", "commune = \"x\n", 0o644)
	if _, err := Load(broken); err == nil {
		t.Fatal("unparsable settings accepted")
	}
	if _, err := Load(filepath.Join(dir, "none.toml")); err == nil {
		t.Fatal("a missing file accepted")
	}
}

// The rules kioskctl provision held and the kiosk did not, and the
// other way round, are one set now.
func TestRulesOnceForBoth(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ body, want string }{
		"relative data dir":     {`data_dir = "data"`, `"data_dir" must be an absolute path`},
		"no staff sign-out":     {"[idle]\nstaff_signout = \"0s\"", `"idle.staff_signout" must be between 1s and 24h`},
		"reset after two days":  {"[idle]\nreset_after = \"48h\"", `"idle.reset_after" must be between 10s and 24h`},
		"countdown too long":    {"[idle]\nreset_after = \"30s\"\ncountdown = \"30s\"", `"idle.countdown" must be shorter than "idle.reset_after"`},
		"kiosk id with newline": {`kiosk_id = "BK-01\nX-Evil: 1"`, `"kiosk_id"`},
		"empty kiosk id":        {`kiosk_id = " "`, `"kiosk_id"`},
		"not a duration":        {"[idle]\nreset_after = \"soon\"", `idle.reset_after`},
		"a number for a word":   {`commune = 5`, `commune`},
	} {
		_, err := Load(writeFile(t, dir, "k.toml", "commune = \"x\"\n"+tc.body+"\n", 0o644))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %s", name, err, tc.want)
		}
	}
}

// A device profile's [kiosk] table is checked by the same rules, each key
// named as it is written there.
func TestDecodeInTable(t *testing.T) {
	_, bad, err := Decode([]byte("commune = \"\"\nlanguag = \"vi\"\n[idle]\nreset_after = \"30s\"\ncountdown = \"40s\"\n"), "kiosk")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`"kiosk.commune" is empty`, `unknown key "kiosk.languag"`,
		`"kiosk.idle.countdown" must be shorter than "kiosk.idle.reset_after"`}
	if len(bad) != len(want) {
		t.Fatalf("problems %q, want %q", bad, want)
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(bad, "\n"), w) {
			t.Errorf("problems %q lack %q", bad, w)
		}
	}
	if c := Default(); len(c.Problems()) != 0 {
		t.Errorf("the defaults have problems: %q", c.Problems())
	}
}

// The figures this package keeps for the packages a technician's tool
// must not link are theirs.
func TestDefaultsAgree(t *testing.T) {
	if DefaultRetention != storage.DefaultRetention {
		t.Errorf("DefaultRetention %v, storage's %v", DefaultRetention, storage.DefaultRetention)
	}
	if MinAdminTokenLen != admin.MinTokenLen {
		t.Errorf("MinAdminTokenLen %d, admin's %d", MinAdminTokenLen, admin.MinTokenLen)
	}
}

// Find: the file given; with none, demo mode's defaults, unless the
// provisioned file is there.
func TestFind(t *testing.T) {
	p := writeFile(t, t.TempDir(), "kiosk.toml", "commune = \"UBND xã Phúc Lộc\"\nboard = \"pi\"\n", 0o644)
	c, demo, err := Find(p)
	if err != nil || demo || c.Commune != "UBND xã Phúc Lộc" || c.Board != "pi" {
		t.Fatalf("Find(%s) = %+v, demo %v, %v", p, c, demo, err)
	}
	if _, _, err := Find(p + ".none"); err == nil {
		t.Error("a missing file given by name fell back to demo mode")
	}
	if _, err := os.Stat(DefaultPath); err == nil {
		t.Skipf("%s exists on this machine", DefaultPath)
	}
	c, demo, err = Find("")
	if err != nil || !demo || c.Path() != "" || c.Board != "sim" {
		t.Fatalf("Find(\"\") = %+v, demo %v, %v; want demo mode", c, demo, err)
	}
}

func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "secrets.toml")
	if _, _, err := LoadSecrets(p, false); err == nil {
		t.Fatal("a provisioned kiosk without secrets must not start")
	}
	s, key, err := LoadSecrets(p, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != 32 || s.DeviceToken == "" || !strings.HasPrefix(s.StaffPINHash, "$2") {
		t.Fatalf("demo secrets %d-byte key, token %v, hash %q", len(key), s.DeviceToken != "", s.StaffPINHash)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("secrets mode %o", fi.Mode().Perm())
	}
	_, key2, err := LoadSecrets(p, true)
	if err != nil || !bytes.Equal(key, key2) {
		t.Fatal("demo secrets not kept across starts")
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadSecrets(p, true); err == nil || !strings.Contains(err.Error(), "0600") {
		t.Fatalf("world-readable secrets accepted: %v", err)
	}
	if got := SecretsPath(Default(), dir); got != p {
		t.Errorf("demo secrets at %s, want %s", got, p)
	}
	cfg := writeFile(t, dir, "kiosk.toml", "commune = \"x\"\n", 0o644)
	c, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := SecretsPath(c, "/elsewhere"); got != filepath.Join(dir, "secrets.toml") {
		t.Errorf("provisioned secrets at %s, want beside the settings", got)
	}
}

// The HMAC key is 64 hex digits, as provisioning makes it: the kiosk
// used to take any key of 16 bytes or more.
func TestHMACKeyLength(t *testing.T) {
	dir := t.TempDir()
	for key, ok := range map[string]bool{
		strings.Repeat("ab", 32): true,
		strings.Repeat("AB", 32): true,
		strings.Repeat("ab", 16): false, // 16 bytes: the old minimum
		strings.Repeat("ab", 33): false,
		strings.Repeat("zz", 32): false,
		"":                       false,
	} {
		p := writeFile(t, dir, "secrets.toml", "device_token = \"tok\"\nhmac_key = \""+key+"\"\n", 0o600)
		_, got, err := LoadSecrets(p, false)
		switch {
		case ok && (err != nil || len(got) != 32):
			t.Errorf("key of %d digits: %v", len(key), err)
		case !ok && (err == nil || !strings.Contains(err.Error(), `"hmac_key" must be 64 hex digits`)):
			t.Errorf("key %q: %v, want a refusal naming hmac_key", key, err)
		}
		if err != nil && key != "" && strings.Contains(err.Error(), key) {
			t.Errorf("the error repeats the key: %v", err)
		}
	}
}

func TestTokens(t *testing.T) {
	for tok, want := range map[string]string{
		"tok-123": "", "": "is empty", "  ": "is empty", "tok\r\nX: 1": "control character",
	} {
		if err := CheckDeviceToken(tok); (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("device token %q: %v, want %q", tok, err, want)
		}
	}
	long := strings.Repeat("a", 32)
	for _, tc := range []struct {
		tok   string
		admin bool
		want  string
	}{
		{"", false, ""}, {"", true, `is empty but "admin.listen" is set`}, {long, true, ""},
		{long[:31], false, "shorter than 32 bytes"}, {long[:20] + " " + long[:20], true, "space"},
	} {
		if err := CheckAdminToken(tc.tok, tc.admin); (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("admin token %q (admin %v): %v, want %q", tc.tok, tc.admin, err, tc.want)
		}
	}
}

// The README's kiosk.toml is one the kiosk takes as it is.
func TestREADMESettings(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "## Settings and secrets")
	_, block, ok2 := strings.Cut(rest, "```toml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("no kiosk.toml block in the README's settings")
	}
	c, err := Load(writeFile(t, t.TempDir(), "kiosk.toml", block, 0o644))
	if err != nil {
		t.Fatalf("the README's settings: %v", err)
	}
	if c.KioskID != "BK-BB-DP-01" || c.Pins.Buzzer != "GPIO26" || c.Portal.CacheTTL.Duration != 24*time.Hour {
		t.Errorf("the README's settings read as %+v", c)
	}
}
