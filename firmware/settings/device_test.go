package settings

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/build/deb"
)

func TestDeviceSettings(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.toml", `
commune = "UBND xã Đồng Phúc"
board = "pi"
[display]
rotation = 90
touch_calibration = [-1, 0, 1, 0, 1, 0]
blank_after = "5m"
backlight = "10-0045"
console = "/dev/tty7"
[pins]
i2c_bus = "1"
bme280 = "0x77"
bh1750 = "none"
pir = "GPIO22"
door = "none"
led_fault = "GPIO21"
`, 0o644)
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if c.Display.Rotation != 90 || c.Display.BlankAfter.Duration != 5*time.Minute || len(c.Display.TouchCalibration) != 6 ||
		c.Display.Backlight != "10-0045" || c.Display.MinBrightness != 0.15 || c.Display.Console != "/dev/tty7" {
		t.Fatalf("display %+v", c.Display)
	}
	if p := c.Pins; p.I2CBus != "1" || p.BME280 != "0x77" || p.BH1750 != "none" || p.PIR != "GPIO22" || p.Door != "none" ||
		p.LEDFault != "GPIO21" || p.LEDHeartbeat != "GPIO5" || p.Buzzer != "GPIO26" {
		t.Fatalf("pins %+v", p)
	}

	bad := writeFile(t, dir, "bad.toml", `
commune = "x"
[display]
rotation = 45
touch_calibration = [1, 0]
blank_after = "2s"
min_brightness = 0.9
max_brightness = 0.5
colour = "blue"
console = "/dev/ttyS0"
[pins]
bme280 = "0x99"
pir = ""
`, 0o644)
	_, err = Load(bad)
	if err == nil {
		t.Fatal("bad device config accepted")
	}
	for _, key := range []string{`"display.rotation"`, `"display.touch_calibration"`, `"display.blank_after"`,
		`"display.min_brightness"`, `"display.colour"`, `"display.console"`, `"pins.bme280"`, `"pins.pir"`} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s: %v", key, err)
		}
	}
}

func TestConsole(t *testing.T) {
	if c := Default(); c.Display.Console != "/dev/tty1" {
		t.Errorf("default console %q, want /dev/tty1, the Pi's VT on the screen", c.Display.Console)
	}
	b, err := deb.File("kiosk.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c, err := Load(writeFile(t, t.TempDir(), "kiosk.toml", string(b), 0o644)); err != nil || c.Display.Console != "/dev/tty1" {
		t.Errorf("packaged settings: console %q, %v; want /dev/tty1, the VT the unit allows", c.Display.Console, err)
	}
	dir := t.TempDir()
	for v, ok := range map[string]bool{
		"": true, "/dev/tty1": true, "/dev/tty12": true, "/dev/tty63": true,
		"/dev/tty0": false, "/dev/tty64": false, "/dev/tty01": false, "/dev/tty+1": false, "/dev/tty": false,
		"/dev/ttyS0": false, "/dev/ttyAMA0": false, "/dev/console": false, "tty1": false, "/dev/pts/0": false,
	} {
		p := writeFile(t, dir, "kiosk.toml", "commune = \"x\"\n[display]\nconsole = \""+v+"\"\n", 0o644)
		c, err := Load(p)
		switch {
		case ok && err != nil:
			t.Errorf("console = %q refused: %v", v, err)
		case ok && c.Display.Console != v:
			t.Errorf("console = %q read as %q", v, c.Display.Console)
		case !ok && (err == nil || !strings.Contains(err.Error(), `"display.console"`)):
			t.Errorf("console = %q: %v, want a refusal naming the key", v, err)
		}
	}
}
