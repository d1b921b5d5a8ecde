package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/kiosk/build/deb"
)

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "kiosk "+version) {
		t.Fatalf("version printed %q", out.String())
	}
}

func TestUnknownCommand(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"dance"}, &out, &out); err == nil {
		t.Fatal("unknown command accepted")
	}
	if err := run(context.Background(), nil, &out, &out); err == nil {
		t.Fatal("no command accepted")
	}
}

func writeFile(t *testing.T, dir, name, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.toml", `
commune = "UBND xã Đồng Phúc"
kiosk_id = "BK-BB-DP-01"
language = "vi"
[portal]
url = "https://portal.example.vn"
lookup_timeout = "4s"
[idle]
reset_after = "90s"
countdown = "15s"
`, 0o644)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"config", "check", "--config", good}, &out, &out); err != nil {
		t.Fatalf("good config refused: %v", err)
	}
	c, _ := loadConfig(good)
	if c.Idle.ResetAfter.Seconds() != 90 || c.Portal.LookupTimeout.Seconds() != 4 || c.Idle.StaffSignout.Minutes() != 2 {
		t.Fatalf("values not read over defaults: %+v", c)
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
	err := run(context.Background(), []string{"config", "check", "--config", bad}, &out, &out)
	if err == nil {
		t.Fatal("bad config accepted")
	}
	for _, key := range []string{`"languag"`, `"commune"`, `"board"`, `"portal.url"`, `"idle.reset_after"`} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s: %v", key, err)
		}
	}
	broken := writeFile(t, dir, "broken.toml", "commune = \"x\n", 0o644)
	if err := run(context.Background(), []string{"config", "check", "--config", broken}, &out, &out); err == nil {
		t.Fatal("unparsable config accepted")
	}
}

func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "secrets.toml")
	if _, _, err := loadSecrets(p, false); err == nil {
		t.Fatal("a provisioned kiosk without secrets must not start")
	}
	s, key, err := loadSecrets(p, true)
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
	_, key2, err := loadSecrets(p, true)
	if err != nil || !bytes.Equal(key, key2) {
		t.Fatal("demo secrets not kept across starts")
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadSecrets(p, true); err == nil || !strings.Contains(err.Error(), "0600") {
		t.Fatalf("world-readable secrets accepted: %v", err)
	}
	short := writeFile(t, dir, "short.toml", `hmac_key = "abcd"`, 0o600)
	if _, _, err := loadSecrets(short, false); err == nil {
		t.Fatal("short key accepted")
	}
}

func TestRedactURL(t *testing.T) {
	if got := redactURL("https://portal.backan.gov.vn/api/v1?key=s3cret"); got != "https://portal.backan.gov.vn" {
		t.Fatalf("redactURL = %q", got)
	}
}

// The settings file the package installs must pass config check as it is.
func TestPackagedConfigIsValid(t *testing.T) {
	b, err := deb.File("kiosk.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "kiosk.toml", string(b), 0o644)
	c, err := loadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Board != "pi" {
		t.Errorf("the packaged settings use board %q, want pi", c.Board)
	}
}
