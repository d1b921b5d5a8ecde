package provision

import (
	"errors"
	"fmt"
	"strings"
)

// The first-boot hook on the kernel command line. Raspberry Pi OS Bookworm
// mounts the boot partition at /boot/firmware.
const (
	bootMount     = "/boot/firmware"
	firstRunName  = "motcua-firstrun.sh"
	firstRunToken = "systemd.run=" + bootMount + "/" + firstRunName
)

var firstRunTokens = []string{
	firstRunToken,
	"systemd.run_success_action=reboot",
	"systemd.unit=kernel-command-line.target",
}

// ErrForeignFirstRun means the card already carries someone else's first-boot
// script (Raspberry Pi Imager's OS customisation writes one).
var ErrForeignFirstRun = errors.New("provision: the card already has a first-boot script")

const i2cComment = "# kioskctl provision: the BME280 and BH1750 sensors on I2C1 (motcua-kiosk)"

// enableI2C returns config.txt with dtparam=i2c_arm=on in force for every
// board, changing nothing when it already is: the existing lines are kept
// as they are and a block is appended. A line inside a conditional section
// ([cm4], [pi5]…) does not count; [all] ends such a section.
func enableI2C(config string) (string, bool) {
	nl := "\n"
	if strings.Contains(config, "\r\n") {
		nl = "\r\n"
	}
	all, on := true, false
	for line := range strings.SplitSeq(config, "\n") {
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		switch {
		case strings.HasPrefix(line, "["):
			all = strings.EqualFold(line, "[all]")
		case all && strings.HasPrefix(line, "dtparam="):
			if v, ok := i2cParam(strings.TrimPrefix(line, "dtparam=")); ok {
				on = v
			}
		}
	}
	if on {
		return config, false
	}
	if config != "" && !strings.HasSuffix(config, "\n") {
		config += nl
	}
	return config + strings.Join([]string{"", i2cComment, "[all]", "dtparam=i2c_arm=on", ""}, nl), true
}

// i2cParam reads the i2c_arm (alias i2c) setting out of a dtparam value such
// as "i2c_arm=on,spi=on", reporting whether it was there.
func i2cParam(value string) (on, found bool) {
	for part := range strings.SplitSeq(value, ",") {
		name, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		if name != "i2c_arm" && name != "i2c" {
			continue
		}
		switch strings.ToLower(v) {
		case "", "on", "true", "yes", "1":
			on, found = true, true
		case "off", "false", "no", "0":
			on, found = false, true
		}
	}
	return on, found
}

// editCmdline returns cmdline.txt with this profile's kernel parameters:
// the display's video= (rotation), the Wi-Fi regulatory domain and the
// first-boot hook, replacing earlier ones of ours so that provisioning twice
// gives the same line. Every other parameter is kept in its place.
func editCmdline(cmdline string, p *Profile) (string, error) {
	first, rest, _ := strings.Cut(cmdline, "\n")
	first = strings.TrimSuffix(first, "\r")
	var keep []string
	for _, tok := range strings.Fields(first) {
		switch {
		case strings.HasPrefix(tok, "systemd.run=") && tok != firstRunToken:
			return "", fmt.Errorf("%w (%s in cmdline.txt, perhaps Raspberry Pi Imager's OS customisation); write a fresh image without customisation and provision that", ErrForeignFirstRun, tok)
		case isOurToken(tok, p):
			continue
		case tok == "console=tty1":
			// Kernel messages go to tty3, off the screen the public sees.
			continue
		}
		keep = append(keep, tok)
	}
	if p.Display != nil {
		keep = append(keep, videoParam(p.Display))
	}
	if p.WiFi != nil {
		keep = append(keep, "cfg80211.ieee80211_regdom="+p.WiFi.Country)
	}
	keep = append(keep, consoleTokens...)
	keep = append(keep, firstRunTokens...)
	out := strings.Join(keep, " ") + "\n"
	if strings.TrimSpace(rest) != "" {
		out += rest
	}
	return out, nil
}

// consoleTokens keep the screen the kiosk's own (DESIGN §10: no console on
// the display): kernel messages on tty3 instead of tty1, no boot logo, no
// blinking cursor, and no console blanking that would blank the kiosk's
// framebuffer under it.
var consoleTokens = []string{"console=tty3", "quiet", "loglevel=3", "logo.nologo", "vt.global_cursor_default=0", "consoleblank=0"}

func isOurToken(tok string, p *Profile) bool {
	for _, t := range consoleTokens {
		if tok == t {
			return true
		}
	}
	for _, t := range firstRunTokens {
		if tok == t {
			return true
		}
	}
	if strings.HasPrefix(tok, "systemd.run_success_action=") || strings.HasPrefix(tok, "systemd.run_failure_action=") {
		return true
	}
	if p.WiFi != nil && strings.HasPrefix(tok, "cfg80211.ieee80211_regdom=") {
		return true
	}
	if p.Display != nil && strings.HasPrefix(tok, "video="+p.Display.Connector+":") {
		return true
	}
	return false
}

// videoParam is the KMS video= parameter: video=DSI-1:800x480@60,rotate=90.
func videoParam(d *Display) string {
	return fmt.Sprintf("video=%s:%s,rotate=%d", d.Connector, d.Mode, d.Rotate)
}
