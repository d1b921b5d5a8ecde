package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// deviceConfig is the appliance's part of kiosk.toml: the screen and the
// pins. Config embeds it, so its tables sit at the top level:
//
//	[display]
//	rotation = 90                      # clockwise: a landscape panel hung portrait
//	touch_calibration = [1, 0, 0, 0, 1, 0]
//	blank_after = "10m"                # no motion and no touch: screen off
//	backlight = "auto"                 # a /sys/class/backlight device, "auto" or "none"
//	console = "/dev/tty1"              # the framebuffer's VT, kept in graphics mode; "": left alone
//
//	[pins]                             # BCM names; "none": not fitted
//	pir = "GPIO17"
//	bme280 = "0x76"                    # I²C addresses on i2c_bus
type deviceConfig struct {
	Display displayConfig `toml:"display"`
	Pins    pinsConfig    `toml:"pins"`
}

type displayConfig struct {
	Rotation         int       `toml:"rotation"`
	TouchCalibration []float64 `toml:"touch_calibration"`
	BlankAfter       Duration  `toml:"blank_after"`
	Backlight        string    `toml:"backlight"`
	// MinBrightness and MaxBrightness bound what the light sensor sets, as
	// a share of the backlight's range: a dark hall must still show the
	// screen, a bright one need not burn the panel.
	MinBrightness float64 `toml:"min_brightness"`
	MaxBrightness float64 `toml:"max_brightness"`
	// Console is the virtual terminal that shares the framebuffer: the
	// appliance keeps it in graphics mode while it draws, so that the
	// kernel draws no console text or cursor over the frames. On a Pi it
	// is tty1, the VT on the screen after boot. "": left alone.
	Console string `toml:"console"`
}

// pinsConfig names where each part of DESIGN §2 is wired.
type pinsConfig struct {
	I2CBus       string `toml:"i2c_bus"`
	BME280       string `toml:"bme280"`
	BH1750       string `toml:"bh1750"`
	PIR          string `toml:"pir"`
	Door         string `toml:"door"`
	LEDHeartbeat string `toml:"led_heartbeat"`
	LEDNetwork   string `toml:"led_network"`
	LEDPortal    string `toml:"led_portal"`
	LEDFault     string `toml:"led_fault"`
	Buzzer       string `toml:"buzzer"`
}

// defaultDeviceConfig is the wiring of DESIGN §2.
func defaultDeviceConfig() deviceConfig {
	return deviceConfig{
		Display: displayConfig{
			BlankAfter:    Duration{10 * time.Minute},
			Backlight:     "auto",
			MinBrightness: 0.15,
			MaxBrightness: 1,
			Console:       "/dev/tty1",
		},
		Pins: pinsConfig{
			I2CBus:       "",
			BME280:       "0x76",
			BH1750:       "0x23",
			PIR:          "GPIO17",
			Door:         "GPIO27",
			LEDHeartbeat: "GPIO5",
			LEDNetwork:   "GPIO6",
			LEDPortal:    "GPIO13",
			LEDFault:     "GPIO19",
			Buzzer:       "GPIO26",
		},
	}
}

func (c *deviceConfig) problems() []string {
	var p []string
	d := &c.Display
	switch d.Rotation {
	case 0, 90, 180, 270:
	default:
		p = append(p, fmt.Sprintf(`"display.rotation" is %d, want 0, 90, 180 or 270`, d.Rotation))
	}
	if n := len(d.TouchCalibration); n != 0 && n != 6 {
		p = append(p, fmt.Sprintf(`"display.touch_calibration" has %d numbers, want 6`, n))
	}
	if d.BlankAfter.Duration != 0 && d.BlankAfter.Duration < 10*time.Second {
		p = append(p, `"display.blank_after" must be 0 (never) or at least 10s`)
	}
	if d.MinBrightness < 0 || d.MaxBrightness > 1 || d.MinBrightness > d.MaxBrightness {
		p = append(p, `"display.min_brightness" and "display.max_brightness" must satisfy 0 <= min <= max <= 1`)
	}
	if d.Console != "" && !isVT(d.Console) {
		p = append(p, fmt.Sprintf(`"display.console" is %q, want a virtual terminal from "/dev/tty1" to "/dev/tty63", or "" (off)`, d.Console))
	}
	for _, a := range []struct{ key, v string }{{"pins.bme280", c.Pins.BME280}, {"pins.bh1750", c.Pins.BH1750}} {
		if _, err := parseI2CAddr(a.v); err != nil {
			p = append(p, fmt.Sprintf(`"%s" is %q, want an I²C address such as "0x76", or "none"`, a.key, a.v))
		}
	}
	for _, g := range []struct{ key, v string }{
		{"pins.pir", c.Pins.PIR}, {"pins.door", c.Pins.Door}, {"pins.led_heartbeat", c.Pins.LEDHeartbeat},
		{"pins.led_network", c.Pins.LEDNetwork}, {"pins.led_portal", c.Pins.LEDPortal},
		{"pins.led_fault", c.Pins.LEDFault}, {"pins.buzzer", c.Pins.Buzzer},
	} {
		if strings.TrimSpace(g.v) == "" {
			p = append(p, fmt.Sprintf(`"%s" is empty, want a pin such as "GPIO17", or "none"`, g.key))
		}
	}
	return p
}

// isVT says whether path names a virtual terminal, /dev/tty1 to
// /dev/tty63. /dev/tty0, the VT on the screen at the moment, is refused:
// the kiosk must give text mode back to the VT it took it from.
func isVT(path string) bool {
	n, ok := strings.CutPrefix(path, "/dev/tty")
	v, err := strconv.Atoi(n)
	return ok && err == nil && v >= 1 && v <= 63 && strconv.Itoa(v) == n
}

// parseI2CAddr reads "0x76" (0 for "none").
func parseI2CAddr(s string) (uint16, error) {
	if s == "none" {
		return 0, nil
	}
	v, err := strconv.ParseUint(s, 0, 16)
	if err != nil || v < 0x03 || v > 0x77 {
		return 0, fmt.Errorf("bad I²C address %q", s)
	}
	return uint16(v), nil
}
