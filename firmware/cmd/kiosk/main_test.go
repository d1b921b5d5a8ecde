package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/motcua/kiosk/build/deb"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/settings"
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
	c, err := settings.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Board != "pi" {
		t.Errorf("the packaged settings use board %q, want pi", c.Board)
	}
}

// config check also checks the secrets file beside the settings, naming
// each bad key and never its value.
func TestConfigCheckSecrets(t *testing.T) {
	settings, err := deb.File("kiosk.toml")
	if err != nil {
		t.Fatal(err)
	}
	bcryptHash, err := kiosk.HashPIN("135790")
	if err != nil {
		t.Fatal(err)
	}
	demoHash, err := kiosk.HashPIN(kiosk.DemoPIN)
	if err != nil {
		t.Fatal(err)
	}
	weakHash, err := kiosk.HashPIN("222222")
	if err != nil {
		t.Fatal(err)
	}
	// The demo PIN, by the reference implementation (pinhash_test.go).
	const argonDemo = "$argon2id$v=19$m=16384,t=2,p=1$bW90Y3Vhc2FsdDAx$/DYVBq/XLbFlT3Ttuq4sy6v2hwdSnsZjrVI6iko8v7w"
	salt := []byte("motcuasalt01")
	argon := "$argon2id$v=19$m=16384,t=2,p=1$" + base64.RawStdEncoding.EncodeToString(salt) + "$" +
		base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte("135790"), salt, 2, 16384, 1, 32))
	const hmacKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	secrets := func(token, hash string) string {
		return fmt.Sprintf("device_token = %q\nhmac_key = %q\nstaff_pin_hash = %q\n", token, hmacKey, hash)
	}
	for _, tc := range []struct {
		name    string
		secrets string // "" for none
		mode    os.FileMode
		want    string // in the output, or in the error when bad
		bad     bool
	}{
		{"none yet", "", 0, "secrets.toml: not there", false},
		{"bcrypt", secrets("tok-123", bcryptHash), 0o600, "secrets.toml: ok", false},
		{"argon2id", secrets("tok-123", argon), 0o600, "secrets.toml: ok", false},
		{"plain PIN", secrets("tok-123", "2468"), 0o600, `"staff_pin_hash" is not a bcrypt hash`, true},
		{"demo PIN", secrets("tok-123", demoHash), 0o600, `"staff_pin_hash" is the hash of the demo PIN`, true},
		{"demo PIN, argon2id", secrets("tok-123", argonDemo), 0o600, `"staff_pin_hash" is the hash of the demo PIN`, true},
		{"weak PIN", secrets("tok-123", weakHash), 0o600, `"staff_pin_hash" is the hash of one digit repeated`, true},
		{"short admin token", secrets("tok-123", bcryptHash) + "admin_token = \"tok-123-short\"\n", 0o600, `"admin_token" is shorter than 32 bytes`, true},
		{"admin token", secrets("tok-123", bcryptHash) + "admin_token = \"0123456789abcdef0123456789abcdef\"\n", 0o600, "secrets.toml: ok", false},
		{"greedy argon2id", secrets("tok-123", strings.Replace(argon, "m=16384", "m=4194304", 1)), 0o600, "m=4194304 KiB", true},
		{"no token", secrets("", bcryptHash), 0o600, `"device_token" is empty`, true},
		{"readable by others", secrets("tok-123", bcryptHash), 0o644, "0600", true},
		{"unknown key", secrets("tok-123", bcryptHash) + "pin = \"2468\"\n", 0o600, `unknown key "pin"`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeFile(t, dir, "kiosk.toml", string(settings), 0o644)
			if tc.secrets != "" {
				writeFile(t, dir, "secrets.toml", tc.secrets, tc.mode)
			}
			var out, errOut bytes.Buffer
			err := configCheck([]string{"--config", cfg}, &out, &errOut)
			if tc.bad {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("config check: %v, want an error saying %q", err, tc.want)
				}
				if strings.Contains(err.Error(), "tok-123") || strings.Contains(err.Error(), "2468\"") {
					t.Errorf("the error repeats a secret: %v", err)
				}
				return
			}
			if err != nil || !strings.Contains(out.String(), tc.want) || !strings.Contains(out.String(), "kiosk.toml: ok") {
				t.Fatalf("config check: %v\n%s", err, out.String())
			}
		})
	}
}

// The demo PIN opens staff mode only in demo mode.
func TestStaffPINHashDemoOnly(t *testing.T) {
	demo, err := kiosk.HashPIN(kiosk.DemoPIN)
	if err != nil {
		t.Fatal(err)
	}
	own, err := kiosk.HashPIN("135790")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if got := staffPINHash(demo, true, log); got != demo {
		t.Error("demo mode refused the demo PIN")
	}
	if got := staffPINHash(demo, false, log); got != "" || !strings.Contains(logs.String(), "demo PIN") {
		t.Errorf("a provisioned kiosk took the demo PIN (%q); log: %s", got, logs.String())
	}
	if got := staffPINHash(own, false, log); got != own {
		t.Error("a provisioned kiosk refused its own PIN")
	}
}

// Receipt URLs are read from the configured hosts, else from the portal's
// host, and in demo mode from the demo receipts' host too.
func TestReceiptHosts(t *testing.T) {
	c := settings.Default()
	if got := receiptHosts(c, "https://Portal.Example.vn:8443/kiosk", false); !slices.Equal(got, []string{"portal.example.vn"}) {
		t.Errorf("provisioned default: %q", got)
	}
	if got := receiptHosts(c, "http://127.0.0.1:4000", true); !slices.Equal(got, []string{"127.0.0.1", demoReceiptHost}) {
		t.Errorf("demo: %q", got)
	}
	c.Portal.ReceiptHosts = []string{"tracuu.example.vn"}
	if got := receiptHosts(c, "https://portal.example.vn", true); !slices.Equal(got, []string{"tracuu.example.vn"}) {
		t.Errorf("configured: %q", got)
	}
}

func TestRunRefusesPlainHTTPPortal(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"run", "--data-dir", t.TempDir(), "--portal-url", "http://portal.example.vn"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), `"portal.url" must start with https://`) {
		t.Fatalf("run with an http portal: %v", err)
	}
}
