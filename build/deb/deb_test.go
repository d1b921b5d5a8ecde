package deb

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func needDpkgDeb(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dpkg-deb"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("dpkg-deb is missing")
		}
		t.Skip("dpkg-deb is missing")
	}
}

func dpkgDeb(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("dpkg-deb", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("dpkg-deb %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func build(t *testing.T, arch, version string) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "kiosk")
	body := []byte("#!/bin/sh\necho kiosk test binary\n")
	if err := os.WriteFile(bin, body, 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := Build(Opts{Binary: bin, Arch: arch, Version: version, OutDir: filepath.Join(dir, "out"),
		MTime: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return p, body
}

func TestPackage(t *testing.T) {
	needDpkgDeb(t)
	for _, arch := range []string{"arm64", "armhf"} {
		t.Run(arch, func(t *testing.T) {
			p, body := build(t, arch, "1.2.0")
			if want := "motcua-kiosk_1.2.0_" + arch + ".deb"; filepath.Base(p) != want {
				t.Fatalf("file %s, want %s", filepath.Base(p), want)
			}
			control := dpkgDeb(t, "--field", p)
			for _, want := range []string{"Package: motcua-kiosk", "Version: 1.2.0", "Architecture: " + arch,
				"Depends: adduser, systemd"} {
				if !strings.Contains(control, want) {
					t.Errorf("control lacks %q:\n%s", want, control)
				}
			}

			contents := dpkgDeb(t, "--contents", p)
			for _, want := range []string{
				"-rwxr-xr-x root/root", "./usr/bin/kiosk",
				"./lib/systemd/system/motcua-kiosk.service",
				"./lib/udev/rules.d/99-motcua-kiosk.rules",
				"./lib/systemd/system/motcua-kiosk-update-check.service",
				"./usr/lib/sysctl.d/90-motcua-kiosk.conf",
				"./usr/lib/systemd/logind.conf.d/motcua-kiosk.conf",
				"./etc/motcua-kiosk/kiosk.toml",
			} {
				if !strings.Contains(contents, want) {
					t.Errorf("contents lack %q:\n%s", want, contents)
				}
			}
			if strings.Contains(contents, "secrets.toml") || strings.Contains(contents, "/var/lib/motcua-kiosk/") {
				t.Errorf("the package must carry no secrets and no data:\n%s", contents)
			}

			x := t.TempDir()
			dpkgDeb(t, "-x", p, x)
			got, err := os.ReadFile(filepath.Join(x, "usr/bin/kiosk"))
			if err != nil || !bytes.Equal(got, body) {
				t.Fatalf("binary not packaged as given: %v", err)
			}
			e := t.TempDir()
			dpkgDeb(t, "-e", p, e)
			conffiles, err := os.ReadFile(filepath.Join(e, "conffiles"))
			if err != nil || strings.TrimSpace(string(conffiles)) != "/etc/motcua-kiosk/kiosk.toml" {
				t.Fatalf("conffiles %q, %v", conffiles, err)
			}
			checkScripts(t, e)
		})
	}
}

func checkScripts(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"postinst", "prerm", "postrm"} {
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s missing: %v", name, err)
		}
		if fi.Mode().Perm()&0o111 == 0 {
			t.Errorf("%s is not executable", name)
		}
		if out, err := exec.Command("sh", "-n", p).CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
		b, _ := os.ReadFile(p)
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "#") {
				continue
			}
			// The ledger is the office's record: no script may delete it.
			if strings.HasPrefix(line, "rm ") || strings.Contains(line, " rm ") {
				t.Errorf("%s removes files: %s", name, line)
			}
			if strings.Contains(line, "deluser") || strings.Contains(line, "userdel") {
				t.Errorf("%s removes the kiosk user: %s", name, line)
			}
		}
	}
	post, _ := os.ReadFile(filepath.Join(dir, "postinst"))
	for _, want := range []string{"adduser --system", "video input gpio i2c", "install -d -m 0700 -o kiosk -g kiosk /var/lib/motcua-kiosk",
		"systemctl enable motcua-kiosk.service", "systemctl mask getty@tty1.service autovt@.service",
		"systemctl enable motcua-kiosk-update-check.service", "sysctl -q -p /usr/lib/sysctl.d/90-motcua-kiosk.conf"} {
		if !strings.Contains(string(post), want) {
			t.Errorf("postinst lacks %q", want)
		}
	}
}

func TestUnit(t *testing.T) {
	b, err := File("motcua-kiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, want := range []string{"Type=notify", "WatchdogSec=", "Restart=always", "User=kiosk",
		"SupplementaryGroups=video input gpio i2c tty", "DevicePolicy=closed", "DeviceAllow=/dev/fb0 rw",
		// The console's mode (KDSETMODE): tty1 opened through the tty group,
		// the capability the only one.
		"DeviceAllow=/dev/tty1 w", "CapabilityBoundingSet=CAP_SYS_TTY_CONFIG\n", "AmbientCapabilities=CAP_SYS_TTY_CONFIG\n",
		"DeviceAllow=char-input rw", "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-i2c rw",
		"ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=motcua-kiosk",
		"--display fb:/dev/fb0", "--input auto", "--board pi", "Environment=FYNE_CACHE=2s"} {
		if !strings.Contains(unit, want) {
			t.Errorf("unit lacks %q", want)
		}
	}
	for _, want := range []string{
		// Issue 11's hardening.
		"SystemCallFilter=@system-service\n", "SystemCallFilter=~@privileged @resources\n", "SystemCallErrorNumber=EPERM\n",
		"ProtectProc=invisible\n", "ProtectKernelTunables=yes\n", "UMask=0077\n", "PrivateMounts=yes\n",
		// The backlight's brightness stays writable under ProtectKernelTunables.
		"ReadWritePaths=-/sys/devices/platform\n",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("unit lacks %q", want)
		}
	}
	// The system's fonts are hidden: the screens use the built-in ones,
	// and the figures of BenchmarkApplianceIdle assume it.
	if !strings.Contains(unit, "\nInaccessiblePaths=-/usr/share/fonts -/usr/local/share/fonts ") {
		t.Error("the unit does not hide the system's font directories")
	}
	// periph finds the SoC in /proc/device-tree and /proc/cpuinfo.
	if strings.Contains(unit, "\nProcSubset=pid") {
		t.Error("ProcSubset=pid hides /proc/device-tree from periph: no GPIO on a Pi 3 or 4")
	}
	// The clock's sync state is read from /run/systemd/timesync/synchronized.
	for _, line := range strings.Split(unit, "\n") {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "InaccessiblePaths", "TemporaryFileSystem", "ProtectSystem":
			for _, p := range strings.Fields(v) {
				p = strings.TrimLeft(p, "-+")
				if p == "/run" || strings.HasPrefix("/run/systemd/timesync/synchronized", strings.TrimSuffix(p, "/")+"/") {
					t.Errorf("%s hides /run/systemd/timesync from the kiosk", line)
				}
			}
		}
	}
}

// systemd-analyze checks both units (verify) and rates the kiosk's
// sandbox (security --offline). In CI it must be there.
func TestUnitsUnderSystemdAnalyze(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("systemd-analyze is missing in CI (build/install-deps.sh installs systemd)")
		}
		t.Skip("no systemd-analyze here")
	}
	dir := t.TempDir()
	for _, name := range []string{"motcua-kiosk.service", "motcua-kiosk-update-check.service"} {
		b, err := File(name)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(sa, "verify", p).CombinedOutput()
		for _, line := range strings.Split(string(out), "\n") {
			// The binary is not installed here; anything else is a unit error.
			if strings.Contains(line, name+":") && !strings.Contains(line, "/usr/bin/kiosk") {
				t.Errorf("systemd-analyze verify: %s", line)
			}
		}
	}
	out, err := exec.Command(sa, "security", "--offline=yes", "--no-pager", filepath.Join(dir, "motcua-kiosk.service")).CombinedOutput()
	if strings.Contains(string(out), "--offline") && strings.Contains(string(out), "nrecognized option") {
		t.Skipf("this systemd-analyze has no --offline: %s", out)
	}
	m := regexp.MustCompile(`Overall exposure level for motcua-kiosk.service: ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("systemd-analyze security: %v\n%s", err, out)
	}
	exposure, _ := strconv.ParseFloat(string(m[1]), 64)
	t.Logf("systemd-analyze security --offline=yes: exposure %.1f", exposure)
	// 3.7 before issue 11's hardening, 1.6 after (systemd 252).
	if exposure > 2.0 {
		t.Errorf("exposure %.1f, want at most 2.0:\n%s", exposure, out)
	}
}

func TestSysctlAndLogind(t *testing.T) {
	sysctl, _ := File("90-motcua-kiosk-sysctl.conf")
	if !regexp.MustCompile(`(?m)^kernel\.sysrq = 0$`).Match(sysctl) {
		t.Errorf("the sysctl drop-in does not turn SysRq off:\n%s", sysctl)
	}
	logind, _ := File("motcua-kiosk-logind.conf")
	for _, want := range []string{"[Login]\n", "\nNAutoVTs=0\n", "\nReserveVT=0\n"} {
		if !strings.Contains(string(logind), want) {
			t.Errorf("the logind drop-in lacks %q", want)
		}
	}
}

func TestUdevRules(t *testing.T) {
	b, err := File("99-motcua-kiosk.rules")
	if err != nil {
		t.Fatal(err)
	}
	rules := string(b)
	for _, want := range []string{`SUBSYSTEM=="backlight"`, "chgrp video", "systemd-mount", "uid=kiosk", "/media/motcua-usb-%k", "systemd-umount",
		// Mounted only while the export uses it, and never a way in.
		"--automount=yes", "--timeout-idle-sec=", "nosuid,nodev,noexec"} {
		if !strings.Contains(rules, want) {
			t.Errorf("udev rules lack %q", want)
		}
	}
	if ua, err := exec.LookPath("udevadm"); err == nil {
		dir := t.TempDir()
		p := filepath.Join(dir, "99-motcua-kiosk.rules")
		os.WriteFile(p, b, 0o644)
		if out, err := exec.Command(ua, "verify", p).CombinedOutput(); err != nil && !strings.Contains(string(out), "Unknown command") {
			t.Errorf("udevadm verify: %v\n%s", err, out)
		}
	}
}

func TestVersion(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.0":             "1.2.0",
		"v1.2.0":            "1.2.0",
		"v1.2.0-3-g0eee689": "1.2.0-3-g0eee689",
		"0eee689-dirty":     "0.0.0~git0eee689.dirty",
		"":                  "0.0.0~dev",
		"dev":               "0.0.0~gitdev",
	} {
		if got := Version(in); got != want {
			t.Errorf("Version(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	if _, err := Build(Opts{Binary: filepath.Join(dir, "missing"), Arch: "arm64", OutDir: dir}); err == nil {
		t.Error("missing binary accepted")
	}
	if _, err := Build(Opts{Binary: dir, Arch: "arm64", OutDir: dir}); err == nil {
		t.Error("a directory accepted as the binary")
	}
	bin := filepath.Join(dir, "kiosk")
	os.WriteFile(bin, []byte("x"), 0o755)
	if _, err := Build(Opts{Binary: bin, Arch: "sparc", OutDir: dir}); err == nil {
		t.Error("unknown architecture accepted")
	}
}
