package provision

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/crypto/bcrypt"

	"github.com/motcua/kiosk/build/internal/loopdev"
	"github.com/motcua/kiosk/build/internal/piimage"
	"github.com/motcua/kiosk/build/sign"
	"github.com/motcua/kiosk/build/target"
)

func safe(t *testing.T) target.Guard {
	mounts := filepath.Join(t.TempDir(), "mounts")
	os.WriteFile(mounts, []byte("proc /proc proc rw 0 0\n"), 0o644)
	return target.Guard{Mounts: mounts, RootDisks: func() ([]string, error) { return nil, nil }}
}

func newImage(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kiosk.img")
	if err := piimage.Build(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func example(t *testing.T) *Profile {
	t.Helper()
	p, err := LoadProfile("testdata/device.toml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil))
}

var provisioned = []string{"config.txt", "cmdline.txt", "motcua-firstrun.sh", "motcua-kiosk.toml", "motcua-secrets.toml",
	"motcua-wifi.nmconnection", "motcua-authorized_keys", "motcua-update.pub", "motcua-kiosk.deb"}

func TestProvisionWritesEveryFile(t *testing.T) {
	img := newImage(t)
	rootBefore, _ := piimage.HashRange(img, piimage.RootStart, piimage.RootSize)
	p := example(t)
	key := bytes.Repeat([]byte{0xAB}, 32)
	rep, err := Provision(context.Background(), img, p, &Options{Guard: safe(t), Rand: bytes.NewReader(key)})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.GeneratedHMAC || len(rep.Written) != len(provisioned) {
		t.Errorf("report = %+v", rep)
	}
	files, err := piimage.ReadBoot(img, provisioned...)
	if err != nil {
		t.Fatal(err)
	}

	// config.txt: every old line kept, I2C on once for all boards.
	config := string(files["config.txt"])
	if !strings.HasPrefix(config, piimage.Config) {
		t.Errorf("config.txt lost its old content:\n%s", config)
	}
	if added := strings.TrimPrefix(config, piimage.Config); added != i2cBlock {
		t.Errorf("config.txt gained %q, want %q", added, i2cBlock)
	}

	// cmdline.txt: old parameters kept in order, ours appended, one line.
	cmdline := string(files["cmdline.txt"])
	old := strings.Fields(piimage.Cmdline)
	old = slices.DeleteFunc(old, func(tok string) bool { return tok == "console=tty1" || tok == "quiet" })
	wantCmdline := strings.Join(old, " ") + " video=DSI-1:800x480@60,rotate=180 cfg80211.ieee80211_regdom=VN " +
		"console=tty3 quiet loglevel=3 logo.nologo vt.global_cursor_default=0 consoleblank=0 " +
		"systemd.run=/boot/firmware/motcua-firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target\n"
	if cmdline != wantCmdline {
		t.Errorf("cmdline.txt =\n%q\nwant\n%q", cmdline, wantCmdline)
	}

	// kiosk.toml: what the kiosk reads.
	var kioskCfg map[string]any
	if _, err := toml.Decode(string(files["motcua-kiosk.toml"]), &kioskCfg); err != nil {
		t.Fatal(err)
	}
	portal, _ := kioskCfg["portal"].(map[string]any)
	if kioskCfg["commune"] != "UBND xã Đồng Phúc" || kioskCfg["kiosk_id"] != "BK-BB-DP-01" || kioskCfg["board"] != "pi" ||
		portal["url"] != "https://portal.backan.example/kiosk" || portal["lookup_timeout"] != "5s" {
		t.Errorf("kiosk.toml = %v", kioskCfg)
	}

	// secrets.toml: exactly the kiosk's three keys, a bcrypt hash and never the PIN.
	var secrets map[string]string
	if _, err := toml.Decode(string(files["motcua-secrets.toml"]), &secrets); err != nil {
		t.Fatal(err)
	}
	if len(secrets) != 3 || secrets["device_token"] != "tok-BK-BB-DP-01-3f9a" || secrets["hmac_key"] != hex.EncodeToString(key) {
		t.Errorf("secrets.toml = %v", secrets)
	}
	if !strings.HasPrefix(secrets["staff_pin_hash"], "$2") || bcrypt.CompareHashAndPassword([]byte(secrets["staff_pin_hash"]), []byte("135790")) != nil {
		t.Errorf("staff_pin_hash %q is not the bcrypt hash of the PIN", secrets["staff_pin_hash"])
	}
	whole, _ := os.ReadFile(img)
	if bytes.Contains(whole, []byte("135790")) {
		t.Error("the plain PIN is somewhere on the card")
	}

	wifi := string(files["motcua-wifi.nmconnection"])
	for _, want := range []string{"[connection]\nid=motcua-wifi\nuuid=", "type=wifi\n", "ssid=UBND-DongPhuc\n", "[wifi-security]\nkey-mgmt=wpa-psk\npsk=mot cua 2024\n", "[ipv4]\nmethod=auto\n"} {
		if !strings.Contains(wifi, want) {
			t.Errorf("wifi keyfile lacks %q:\n%s", want, wifi)
		}
	}
	if got := string(files["motcua-authorized_keys"]); got != p.SSH.AuthorizedKeys[0]+"\n" {
		t.Errorf("authorized_keys = %q", got)
	}
	wantPub, _ := sign.LoadPublicKey("testdata/release.pub")
	if gotPub, err := sign.ParsePublicKey(files["motcua-update.pub"]); err != nil || !gotPub.Equal(wantPub) {
		t.Errorf("update.pub = %s, %v", files["motcua-update.pub"], err)
	}
	deb, _ := os.ReadFile("testdata/motcua-kiosk_0.0.0-test_arm64.deb")
	if !bytes.Equal(files["motcua-kiosk.deb"], deb) {
		t.Error("motcua-kiosk.deb differs from the profile's package")
	}

	script := string(files["motcua-firstrun.sh"])
	for _, want := range []string{"#!/bin/bash\n", "NEW_HOSTNAME='kiosk-dongphuc-01'", "TIMEZONE='Asia/Ho_Chi_Minh'", "TECH_USER='kythuat'",
		`install -m 600 -o "$OWNER" -g "$OWNER" "$BOOT/motcua-secrets.toml" /etc/motcua-kiosk/secrets.toml`,
		`dpkg --force-confdef --force-confold -i "$BOOT/motcua-kiosk.deb"`, "motcua-wifi.nmconnection", "authorized_keys",
		"/etc/motcua-kiosk/update.pub", "echo i2c-dev",
		`install -m 600 -o root -g root "$BOOT/motcua-kiosk.deb.sig" /var/lib/motcua-kiosk-update/current.deb.sig`, "systemd\\.run=", "rm -f \"$BOOT/motcua-secrets.toml\""} {
		if !strings.Contains(script, want) {
			t.Errorf("first-boot script lacks %q", want)
		}
	}
	if strings.Contains(script, "/var/lib/motcua-kiosk/") {
		t.Error("the first-boot script keeps the package in the kiosk user's own directory")
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v\n%s", err, out)
		}
	}

	// The root partition is untouched and still readable.
	if rootAfter, _ := piimage.HashRange(img, piimage.RootStart, piimage.RootSize); rootAfter != rootBefore {
		t.Error("the root partition changed")
	}
	if b, err := piimage.ReadRoot(img, "etc/hostname"); err != nil || string(b) != piimage.Hostname {
		t.Errorf("root /etc/hostname = %q, %v", b, err)
	}
	fsckBoot(t, img)
}

// fsckBoot runs fsck.fat -n on the boot partition when dosfstools is there.
func fsckBoot(t *testing.T, img string) {
	fsck, err := exec.LookPath("fsck.fat")
	if err != nil {
		t.Log("fsck.fat not installed: FAT consistency not checked")
		return
	}
	part := filepath.Join(t.TempDir(), "boot.part")
	data, _ := os.ReadFile(img)
	os.WriteFile(part, data[piimage.BootStart:piimage.BootStart+piimage.BootSize], 0o644)
	out, err := exec.Command(fsck, "-n", part).CombinedOutput()
	if err != nil {
		t.Errorf("fsck.fat -n: %v\n%s", err, out)
	}
}

func TestProvisionTwiceIsIdempotent(t *testing.T) {
	img := newImage(t)
	p := example(t)
	p.Secrets.HMACKey = strings.Repeat("0f", 32)
	if _, err := Provision(context.Background(), img, p, &Options{Guard: safe(t)}); err != nil {
		t.Fatal(err)
	}
	first, _ := piimage.ReadBoot(img, provisioned...)
	rep, err := Provision(context.Background(), img, p, &Options{Guard: safe(t)})
	if err != nil {
		t.Fatal(err)
	}
	second, _ := piimage.ReadBoot(img, provisioned...)
	for _, name := range provisioned {
		if name == "motcua-secrets.toml" {
			continue // bcrypt salts differ
		}
		if !bytes.Equal(first[name], second[name]) {
			t.Errorf("%s changed on the second run:\n%s\n---\n%s", name, first[name], second[name])
		}
	}
	if n := strings.Count(string(second["config.txt"]), "\ndtparam=i2c_arm=on\n"); n != 2 { // the [cm4] line and ours
		t.Errorf("config.txt has %d dtparam=i2c_arm=on lines, want the image's [cm4] one and ours", n)
	}
	if !slices.Contains(rep.Unchanged, "config.txt") || rep.GeneratedHMAC {
		t.Errorf("second report = %+v", rep)
	}
	names, _ := piimage.BootFiles(img)
	for _, n := range names {
		if strings.Contains(strings.ToUpper(n), "~") {
			t.Errorf("a short-name duplicate appeared: %v", names)
		}
	}
	if len(names) != len(provisioned)+1 { // + issue.txt
		t.Errorf("boot partition holds %v", names)
	}
	fsckBoot(t, img)
}

func TestProvisionRemovesStaleSettings(t *testing.T) {
	img := newImage(t)
	p := example(t)
	if _, err := Provision(context.Background(), img, p, &Options{Guard: safe(t)}); err != nil {
		t.Fatal(err)
	}
	p.WiFi, p.SSH.AuthorizedKeys, p.UpdateKey = nil, nil, ""
	rep, err := Provision(context.Background(), img, p, &Options{Guard: safe(t)})
	if err != nil {
		t.Fatal(err)
	}
	stale := []string{"motcua-authorized_keys", "motcua-update.pub", "motcua-wifi.nmconnection"}
	slices.Sort(rep.Cleared)
	if !slices.Equal(rep.Cleared, stale) {
		t.Errorf("cleared %v", rep.Cleared)
	}
	files, _ := piimage.ReadBoot(img, append(stale, "motcua-firstrun.sh")...)
	for _, name := range stale {
		if string(files[name]) != clearedText {
			t.Errorf("%s still holds %q", name, files[name])
		}
	}
	s := string(files["motcua-firstrun.sh"])
	if strings.Contains(s, "NetworkManager") || strings.Contains(s, "sshd_config") || strings.Contains(s, "/etc/motcua-kiosk/update.pub") {
		t.Error("the script still installs Wi-Fi, SSH keys or the update key")
	}
	if !strings.Contains(s, `rm -f "$BOOT/motcua-wifi.nmconnection" "$BOOT/motcua-authorized_keys" "$BOOT/motcua-update.pub"`) {
		t.Error("the script does not delete the emptied files")
	}
	fsckBoot(t, img)
}

func TestProvisionRefuses(t *testing.T) {
	img := newImage(t)
	dir := t.TempDir()
	mounted := filepath.Join(dir, "mounts")
	os.WriteFile(mounted, []byte(img+"1 /media/tech/bootfs vfat rw 0 0\n"), 0o644)
	xzLike := filepath.Join(dir, "kiosk.img.xz")
	os.WriteFile(xzLike, []byte{0xFD, '7', 'z', 'X', 'Z', 0, 1, 2, 3}, 0o644)
	blank := filepath.Join(dir, "blank.img")
	os.WriteFile(blank, make([]byte, 1<<20), 0o644)

	// An image that Raspberry Pi Imager has already customised.
	imager := newImage(t)
	if _, err := Provision(context.Background(), imager, example(t), &Options{Guard: safe(t)}); err != nil {
		t.Fatal(err)
	}
	setCmdline(t, imager, "root=PARTUUID=x-02 rootwait systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target\n")

	tests := []struct {
		name, to string
		guard    target.Guard
		want     error
		words    string
	}{
		{"a directory", dir, safe(t), target.ErrKind, "is a directory"},
		{"a mounted card", img, target.Guard{Mounts: mounted, RootDisks: func() ([]string, error) { return nil, nil }}, target.ErrMounted, "unmount"},
		{"the system disk", img, target.Guard{Mounts: filepath.Join(dir, "mounts"), RootDisks: func() ([]string, error) { return []string{img}, nil }}, target.ErrSystemDisk, "runs from"},
		{"a missing image", filepath.Join(dir, "none.img"), safe(t), nil, "flash the image first"},
		{"a compressed image", xzLike, safe(t), ErrNotPiImage, "raw image"},
		{"a blank card", blank, safe(t), ErrNotPiImage, "partition table"},
		{"an Imager-customised card", imager, safe(t), ErrForeignFirstRun, "/boot/firstrun.sh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before string
			if fi, err := os.Stat(tt.to); err == nil && fi.Mode().IsRegular() {
				before = fileHash(t, tt.to)
			}
			_, err := Provision(context.Background(), tt.to, example(t), &Options{Guard: tt.guard})
			if err == nil {
				t.Fatal("Provision accepted it")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Provision = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.words) {
				t.Errorf("Provision = %q, want it to say %q", err, tt.words)
			}
			if before != "" && fileHash(t, tt.to) != before {
				t.Error("a refused target was changed")
			}
		})
	}
}

func setCmdline(t *testing.T, img, text string) {
	t.Helper()
	p := &Profile{}
	_ = p
	d, err := openBoot(img)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	if err := writeFile(d.fs, cmdlineTxt, []byte(text)); err != nil {
		t.Fatal(err)
	}
}

// A real block device: a loop device over an image file.
func TestProvisionBlockDevice(t *testing.T) {
	img := newImage(t)
	rootBefore, _ := piimage.HashRange(img, piimage.RootStart, piimage.RootSize)
	dev := loopdev.Attach(t, img)
	// A loop device is a fixed disk: refused unless forced.
	if _, err := Provision(context.Background(), dev, example(t), &Options{Guard: safe(t)}); !errors.Is(err, target.ErrFixedDisk) {
		t.Fatalf("Provision to a fixed disk = %v", err)
	}
	g := safe(t)
	g.Force = true
	rep, err := Provision(context.Background(), dev, example(t), &Options{Guard: g})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Target.Kind != target.Block {
		t.Errorf("target = %+v", rep.Target)
	}
	files, err := piimage.ReadBoot(img, "config.txt", "motcua-secrets.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(files["config.txt"]), i2cBlock) {
		t.Errorf("config.txt on the card:\n%s", files["config.txt"])
	}
	if rootAfter, _ := piimage.HashRange(img, piimage.RootStart, piimage.RootSize); rootAfter != rootBefore {
		t.Error("the root partition changed")
	}
}

// A smaller package replaces a bigger one: the file shrinks and the FAT
// stays consistent.
func TestProvisionReplacesPackage(t *testing.T) {
	img := newImage(t)
	big := filepath.Join(t.TempDir(), "big.deb")
	os.WriteFile(big, bytes.Repeat([]byte("0123456789abcdef"), 20000), 0o644)
	p := example(t)
	p.Package = big
	if _, err := Provision(context.Background(), img, p, &Options{Guard: safe(t)}); err != nil {
		t.Fatal(err)
	}
	p.Package = "motcua-kiosk_0.0.0-test_arm64.deb"
	if _, err := Provision(context.Background(), img, p, &Options{Guard: safe(t)}); err != nil {
		t.Fatal(err)
	}
	files, _ := piimage.ReadBoot(img, packageFile)
	want, _ := os.ReadFile("testdata/motcua-kiosk_0.0.0-test_arm64.deb")
	if !bytes.Equal(files[packageFile], want) {
		t.Errorf("the package on the card is %d bytes, want %d", len(files[packageFile]), len(want))
	}
	fsckBoot(t, img)
}

// A package signed beside it goes onto the card with its signature, so the
// first boot can keep both for the first update's rollback.
func TestProvisionCarriesThePackagesSignature(t *testing.T) {
	img := newImage(t)
	p := example(t)
	dir := t.TempDir()
	deb, _ := os.ReadFile(p.path(p.Package))
	p.Package = filepath.Join(dir, "motcua-kiosk_1.0.0_arm64.deb")
	os.WriteFile(p.Package, deb, 0o644)
	sig := []byte("motcua-kiosk signature v2\n(test)\n")
	os.WriteFile(p.Package+".sig", sig, 0o644)
	rep, err := Provision(context.Background(), img, p, &Options{Guard: safe(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rep.Written, "motcua-kiosk.deb.sig") {
		t.Errorf("written: %v", rep.Written)
	}
	files, err := piimage.ReadBoot(img, "motcua-kiosk.deb.sig")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(files["motcua-kiosk.deb.sig"], sig) {
		t.Errorf("the signature on the card is %q", files["motcua-kiosk.deb.sig"])
	}
}
