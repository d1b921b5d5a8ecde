package debpkg

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/kiosk/build/deb"
	"github.com/motcua/kiosk/build/debpkg/debtest"
)

func TestReadControl(t *testing.T) {
	c, err := ReadControl(bytes.NewReader(debtest.Bytes("motcua-kiosk", "1:2.3.4-1~rc1", "arm64", []byte("x"))))
	if err != nil {
		t.Fatal(err)
	}
	if c != (Control{"motcua-kiosk", "1:2.3.4-1~rc1", "arm64"}) {
		t.Fatalf("got %+v", c)
	}
}

// make dist writes the real packages with nfpm (build/deb).
func TestReadControlOfAnNfpmPackage(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "kiosk")
	os.WriteFile(bin, []byte("#!/bin/true\n"), 0o755)
	p, err := deb.Build(deb.Opts{Binary: bin, Arch: "arm64", Version: "v1.4.0-3-g0eee689", OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ReadControlFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Package != "motcua-kiosk" || c.Version != "1.4.0-3-g0eee689" || c.Architecture != "arm64" {
		t.Fatalf("got %+v", c)
	}
}

// dpkg-deb, where it is installed, must agree on a package it wrote.
func TestReadControlAgreesWithDpkgDeb(t *testing.T) {
	if _, err := exec.LookPath("dpkg-deb"); err != nil {
		t.Skip("no dpkg-deb")
	}
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	os.MkdirAll(filepath.Join(root, "DEBIAN"), 0o755)
	os.WriteFile(filepath.Join(root, "DEBIAN", "control"), []byte("Package: motcua-kiosk\nVersion: 3.1-2\nArchitecture: armhf\nMaintainer: t <t@invalid>\nDescription: t\n"), 0o644)
	deb := filepath.Join(dir, "p.deb")
	if out, err := exec.Command("dpkg-deb", "-Zxz", "--root-owner-group", "--build", root, deb).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	c, err := ReadControlFile(deb)
	if err != nil {
		t.Fatal(err)
	}
	if c != (Control{"motcua-kiosk", "3.1-2", "armhf"}) {
		t.Fatalf("got %+v", c)
	}
}

func TestReadControlRefusals(t *testing.T) {
	good := debtest.Bytes("motcua-kiosk", "1.0", "arm64", nil)
	for name, data := range map[string][]byte{
		"empty":        nil,
		"text":         []byte("motcua-kiosk 1.0\n"),
		"truncated":    good[:70],
		"no control":   []byte("!<arch>\ndebian-binary   0           0     0     100644  4         `\n2.0\n"),
		"bad ar":       append([]byte("!<arch>\n"), bytes.Repeat([]byte("x"), 60)...),
		"bad version":  debtest.Bytes("motcua-kiosk", "v1", "arm64", nil),
		"bad name":     debtest.Bytes("Motcua Kiosk", "1.0", "arm64", nil),
		"empty arch":   debtest.Bytes("motcua-kiosk", "1.0", "", nil),
		"space in ver": debtest.Bytes("motcua-kiosk", "1.0 2", "arm64", nil),
	} {
		if _, err := ReadControl(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !errors.Is(err, ErrNotDeb) && !strings.Contains(err.Error(), "version") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseControlTwice(t *testing.T) {
	if _, err := ParseControl([]byte("Package: a\nVersion: 1\nVersion: 2\nArchitecture: all\n")); err == nil {
		t.Fatal("a field given twice was accepted")
	}
}

// Cases from dpkg's own test suite (t_verrevcmp, deb-version(7)).
func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.0", "1.0", 0},
		{"1.0", "1.1", -1},
		{"1.10", "1.9", 1},
		{"1.0~rc1", "1.0", -1},
		{"1.0~rc1", "1.0~rc2", -1},
		{"1.0~~", "1.0~", -1},
		{"1.0", "1.0+b1", -1},
		{"1.0a", "1.0", 1},
		{"1.0a", "1.0+", -1},
		{"1.0-1", "1.0-2", -1},
		{"1.0-10", "1.0-9", 1},
		{"1:0.1", "2.0", 1},
		{"0:2.0", "2.0", 0},
		{"2.0-1", "2.0", 1},
		{"001", "1", 0},
		{"1.2.3-rc1", "1.2.3-1", 1}, // the revision "1" sorts before "rc1"
		{"0.0.0-test", "0.1.0", -1},
		{"1.0.0-5-gabc1234", "1.0.0-4-gdef", 1},
		{"1.0.0-5-gabc1234", "1.0.1", -1},
		{"2026.12.03", "2026.12.3", 0},
	} {
		got, err := CompareVersions(c.a, c.b)
		if err != nil {
			t.Fatalf("%s vs %s: %v", c.a, c.b, err)
		}
		if got != c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if back, _ := CompareVersions(c.b, c.a); back != -c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, not the opposite", c.b, c.a, back)
		}
	}
}

// Where dpkg is installed, it is the reference.
func TestCompareVersionsAgreesWithDpkg(t *testing.T) {
	if _, err := exec.LookPath("dpkg"); err != nil {
		t.Skip("no dpkg")
	}
	vs := []string{"1.0", "1.0~rc1", "1.0+b1", "1.0a", "1:0.1", "1.0-1", "1.0-10", "1.0-9", "1.0.0-5-gabc", "1.0.0-4-gdef", "1.10", "1.9", "1.0~~a", "1.0.a.b-z~"}
	for _, a := range vs {
		for _, b := range vs {
			got, _ := CompareVersions(a, b)
			op := map[int]string{-1: "lt", 0: "eq", 1: "gt"}[got]
			if err := exec.Command("dpkg", "--compare-versions", a, op, b).Run(); err != nil {
				t.Errorf("we say %s %s %s; dpkg does not", a, op, b)
			}
		}
	}
}

func TestValidVersion(t *testing.T) {
	for _, v := range []string{"", "a1", "1.0-", "x:1.0", "1.0 1", "1_0", "1.0-a:b"} {
		if ValidVersion(v) == nil {
			t.Errorf("%q accepted", v)
		}
	}
}
