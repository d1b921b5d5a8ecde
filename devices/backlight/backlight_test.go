package backlight

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sysfs makes root/name with the attribute files a backlight driver has.
func sysfs(t *testing.T, root, name, max string) string {
	t.Helper()
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for f, v := range map[string]string{"max_brightness": max + "\n", "brightness": max + "\n", "bl_power": "0\n"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, dir, f string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, f))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func TestFindAndSet(t *testing.T) {
	root := t.TempDir()
	if _, err := Find(root); !errors.Is(err, ErrNone) {
		t.Fatalf("empty root: %v", err)
	}
	if _, err := Find(filepath.Join(root, "missing")); !errors.Is(err, ErrNone) {
		t.Fatalf("missing root: %v", err)
	}
	os.MkdirAll(filepath.Join(root, "0-junk"), 0o755) // no attributes: skipped
	sysfs(t, root, "rpi_backlight", "255")
	sysfs(t, root, "10-0045", "31")
	dir, err := Find(root)
	if err != nil || filepath.Base(dir) != "10-0045" {
		t.Fatalf("Find = %q, %v", dir, err)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		level float64
		want  string
	}{{1, "31"}, {0.5, "16"}, {0.001, "1"}, {0, "0"}, {-3, "0"}, {7, "31"}} {
		if err := d.Set(tc.level); err != nil {
			t.Fatal(err)
		}
		if got := read(t, dir, "brightness"); got != tc.want {
			t.Errorf("Set(%g) wrote %s, want %s", tc.level, got, tc.want)
		}
	}
	if err := d.Set(math.NaN()); err == nil {
		t.Error("NaN accepted")
	}
	d.Set(0.5)
	if l, err := d.Level(); err != nil || math.Abs(l-16.0/31) > 1e-9 {
		t.Errorf("Level() = %g, %v", l, err)
	}
	if err := d.Power(false); err != nil || read(t, dir, "bl_power") != "4" {
		t.Fatalf("Power(false): %v, bl_power %s", err, read(t, dir, "bl_power"))
	}
	if err := d.Power(true); err != nil || read(t, dir, "bl_power") != "0" {
		t.Fatalf("Power(true): %v", err)
	}
	if d.String() != "backlight{10-0045}" {
		t.Errorf("String() = %q", d)
	}
}

func TestOpenErrors(t *testing.T) {
	root := t.TempDir()
	if _, err := Open(filepath.Join(root, "none")); err == nil {
		t.Error("missing backlight opened")
	}
	if _, err := Open(sysfs(t, root, "zero", "0")); err == nil {
		t.Error("max_brightness 0 accepted")
	}
	if _, err := Open(sysfs(t, root, "junk", "bright")); err == nil {
		t.Error("max_brightness junk accepted")
	}
	dir := sysfs(t, root, "ro", "100")
	d, _ := Open(dir)
	os.Remove(filepath.Join(dir, "bl_power"))
	if err := d.Power(true); err == nil {
		t.Error("writing a missing attribute succeeded")
	}
}

func TestForLux(t *testing.T) {
	for _, tc := range []struct{ lux, want float64 }{
		{0, 0.2}, {5, 0.2}, {1000, 1}, {50000, 1}, {math.Sqrt(5 * 1000), 0.6},
	} {
		if got := ForLux(tc.lux, 0.2, 1); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("ForLux(%g) = %g, want %g", tc.lux, got, tc.want)
		}
	}
}
