package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/kiosk/build/debpkg/debtest"
	"github.com/motcua/kiosk/build/internal/piimage"
	"github.com/motcua/kiosk/build/target"
)

// kioskctl runs the command in a test environment (no mounts, no system
// disk) and returns its output.
func kioskctl(t *testing.T, e env, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = runEnv(context.Background(), e, args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func testEnv(t *testing.T) env {
	mounts := filepath.Join(t.TempDir(), "mounts")
	os.WriteFile(mounts, []byte("proc /proc proc rw 0 0\n"), 0o644)
	return env{guard: target.Guard{Mounts: mounts, RootDisks: func() ([]string, error) { return nil, nil }}}
}

func TestKeygenSignVerify(t *testing.T) {
	dir := t.TempDir()
	e := testEnv(t)
	prefix := filepath.Join(dir, "release")
	out, _, err := kioskctl(t, e, "keygen", "--out", prefix)
	if err != nil || !strings.Contains(out, "key id ") {
		t.Fatalf("keygen: %q, %v", out, err)
	}
	if fi, err := os.Stat(prefix + ".key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", fi, err)
	}
	bundle := filepath.Join(dir, "motcua-kiosk_1.0.0_arm64.deb")
	debtest.Write(t, bundle, "motcua-kiosk", "1.0.0", "arm64", bytes.Repeat([]byte("bundle"), 10000))

	// Flags after the bundle work too.
	if out, _, err := kioskctl(t, e, "sign", bundle, "--key", prefix+".key"); err != nil || !strings.Contains(out, bundle+".sig") {
		t.Fatalf("sign: %q, %v", out, err)
	}
	if out, _, err := kioskctl(t, e, "verify", "--pub", prefix+".pub", bundle); err != nil || !strings.HasPrefix(out, "good signature") ||
		!strings.Contains(out, "motcua-kiosk 1.0.0 (arm64)") {
		t.Fatalf("verify: %q, %v", out, err)
	}

	// Every way a bundle can be bad is an error with a sentence.
	other := filepath.Join(dir, "other")
	kioskctl(t, e, "keygen", "--out", other)
	data, _ := os.ReadFile(bundle)
	tampered := filepath.Join(dir, "tampered.deb")
	os.WriteFile(tampered, append(bytes.Clone(data[:100]), data[101:]...), 0o644)
	sig, _ := os.ReadFile(bundle + ".sig")
	os.WriteFile(tampered+".sig", sig, 0o644)
	unsigned := filepath.Join(dir, "unsigned.deb")
	os.WriteFile(unsigned, data, 0o644)
	for _, tt := range []struct {
		name  string
		args  []string
		words string
	}{
		{"wrong key", []string{"verify", "--pub", other + ".pub", bundle}, "not with this public key"},
		{"tampered", []string{"verify", "--pub", prefix + ".pub", tampered}, "truncated"},
		{"no signature", []string{"verify", "--pub", prefix + ".pub", unsigned}, "has no signature file"},
		{"private key given", []string{"verify", "--pub", prefix + ".key", bundle}, "this is a private key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := kioskctl(t, e, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.words) || !strings.HasPrefix(err.Error(), "BAD: ") && tt.name != "private key given" {
				t.Fatalf("verify = %v (stdout %q), want it to say %q", err, out, tt.words)
			}
			var u usageError
			if errors.As(err, &u) {
				t.Error("a bad signature is not a usage error")
			}
		})
	}
}

func TestFlashAndProvision(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "kiosk.img")
	if err := piimage.Build(img); err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(dir, "card.img")
	e := testEnv(t)
	out, stderr, err := kioskctl(t, e, "flash", "--image", img, "--to", card)
	if err != nil {
		t.Fatalf("flash: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "wrote 60.0 MiB to "+card) || !strings.Contains(out, "MiB/s") || !strings.Contains(stderr, "verifying") {
		t.Errorf("flash printed %q and %q", out, stderr)
	}
	profile, _ := filepath.Abs("../../provision/testdata/device.toml")
	out, stderr, err = kioskctl(t, e, "provision", "--to", card, "--profile", profile)
	if err != nil {
		t.Fatalf("provision: %v\n%s", err, stderr)
	}
	for _, want := range []string{"as kiosk-dongphuc-01", "motcua-secrets.toml", "cmdline.txt", "new HMAC key", "keep it in hand"} {
		if !strings.Contains(out, want) {
			t.Errorf("provision printed %q, want %q in it", out, want)
		}
	}
	files, err := piimage.ReadBoot(card, "config.txt")
	if err != nil || !strings.Contains(string(files["config.txt"]), "\n[all]\ndtparam=i2c_arm=on\n") {
		t.Errorf("config.txt after provision: %q, %v", files["config.txt"], err)
	}
}

func TestBadArguments(t *testing.T) {
	dir := t.TempDir()
	e := testEnv(t)
	exists := filepath.Join(dir, "release")
	kioskctl(t, e, "keygen", "--out", exists)
	tests := []struct {
		name  string
		args  []string
		usage bool
		words string
	}{
		{"nothing", nil, true, "no command given"},
		{"unknown command", []string{"flsh"}, true, `unknown command "flsh"`},
		{"unknown flag", []string{"flash", "--imag", "x"}, true, "flag provided but not defined: -imag"},
		{"flash without flags", []string{"flash"}, true, "--image and --to are required"},
		{"flash without --to", []string{"flash", "--image", "x.img"}, true, "--to is required"},
		{"flash extra argument", []string{"flash", "--image", "a", "--to", "b", "c"}, true, `unexpected argument "c"`},
		{"flash a missing image", []string{"flash", "--image", filepath.Join(dir, "none.img"), "--to", filepath.Join(dir, "card")}, false, "no such file"},
		{"flash to a directory", []string{"flash", "--image", exists + ".pub", "--to", dir}, false, "is a directory"},
		{"provision without profile", []string{"provision", "--to", "x"}, true, "--profile is required"},
		{"provision a bad profile", []string{"provision", "--to", "x", "--profile", exists + ".pub"}, false, "profile"},
		{"provision a missing card", []string{"provision", "--to", filepath.Join(dir, "none.img"), "--profile", "../../provision/testdata/device.toml"}, false, "flash the image first"},
		{"keygen without --out", []string{"keygen"}, true, "--out is required"},
		{"keygen over a key", []string{"keygen", "--out", exists}, false, "already exists"},
		{"sign without a bundle", []string{"sign", "--key", exists + ".key"}, true, "which BUNDLE?"},
		{"sign two bundles", []string{"sign", "--key", exists + ".key", "a", "b"}, true, "one BUNDLE at a time"},
		{"sign with the public key", []string{"sign", "--key", exists + ".pub", exists + ".pub"}, false, "chmod 600"},
		{"sign a missing bundle", []string{"sign", "--key", exists + ".key", filepath.Join(dir, "none")}, false, "no such file"},
		{"verify without --pub", []string{"verify", "b"}, true, "--pub is required"},
		{"verify a missing key", []string{"verify", "--pub", filepath.Join(dir, "none.pub"), "b"}, false, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := kioskctl(t, e, tt.args...)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.words) {
				t.Errorf("error %q, want it to say %q", err, tt.words)
			}
			var u usageError
			if errors.As(err, &u) != tt.usage {
				t.Errorf("usage error = %v, want %v", errors.As(err, &u), tt.usage)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	out, _, err := kioskctl(t, env{}, "help")
	if err != nil || !strings.Contains(out, "kioskctl provision --to /dev/sdX|FILE --profile device.toml") {
		t.Fatalf("help: %q, %v", out, err)
	}
	_, stderr, err := kioskctl(t, env{}, "flash", "-h")
	if err != nil || !strings.Contains(stderr, "-image") {
		t.Fatalf("flash -h: %q, %v", stderr, err)
	}
}

// run is what main calls: it checks targets against this machine's own
// mount table and system disk.
func TestRunUsesTheRealGuard(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "small.img")
	os.WriteFile(img, bytes.Repeat([]byte{1, 2, 3, 4}, 1<<18), 0o644)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"flash", "--image", img, "--to", filepath.Join(dir, "card.img")}, &out, &errOut); err != nil {
		t.Fatalf("run(flash to a temp file) = %v", err)
	}
	if !strings.Contains(out.String(), "wrote 1.0 MiB") {
		t.Errorf("flash printed %q", out.String())
	}
	err := run(context.Background(), []string{"flash", "--image", img, "--to", dir}, &out, &errOut)
	if !errors.Is(err, target.ErrKind) {
		t.Fatalf("run(flash to a directory) = %v", err)
	}
}
