package provision

import (
	"errors"
	"strings"
	"testing"
)

const i2cBlock = "\n" + i2cComment + "\n[all]\ndtparam=i2c_arm=on\n"

func TestEnableI2C(t *testing.T) {
	tests := []struct {
		name, in string
		changed  bool
		want     string
	}{
		{"empty", "", true, i2cBlock},
		{"commented out", "#dtparam=i2c_arm=on\ndtparam=audio=on\n", true, "#dtparam=i2c_arm=on\ndtparam=audio=on\n" + i2cBlock},
		{"no final newline", "dtparam=audio=on", true, "dtparam=audio=on\n" + i2cBlock},
		{"already on", "dtparam=audio=on\ndtparam=i2c_arm=on\n", false, ""},
		{"already on with others", "dtparam=spi=on,i2c_arm=on\n", false, ""},
		{"alias i2c", "dtparam=i2c\n", false, ""},
		{"on in [all] after a section", "[pi4]\nx=1\n[all]\ndtparam=i2c_arm=on\n", false, ""},
		{"on only for the cm4", "[cm4]\ndtparam=i2c_arm=on\n", true, "[cm4]\ndtparam=i2c_arm=on\n" + i2cBlock},
		{"turned off again", "dtparam=i2c_arm=on\ndtparam=i2c_arm=off\n", true, "dtparam=i2c_arm=on\ndtparam=i2c_arm=off\n" + i2cBlock},
		{"CRLF", "dtparam=audio=on\r\n", true, "dtparam=audio=on\r\n" + strings.ReplaceAll(i2cBlock, "\n", "\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := enableI2C(tt.in)
			if changed != tt.changed {
				t.Fatalf("changed = %v", changed)
			}
			if !changed {
				if got != tt.in {
					t.Fatalf("unchanged config was rewritten: %q", got)
				}
				return
			}
			if got != tt.want {
				t.Fatalf("enableI2C(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
			if again, changed := enableI2C(got); changed || again != got {
				t.Fatalf("second run changed it again: %q", again)
			}
		})
	}
}

func TestEditCmdline(t *testing.T) {
	p := &Profile{WiFi: &WiFi{Country: "VN"}, Display: &Display{Connector: "DSI-1", Mode: "800x480@60", Rotate: 90}}
	in := "console=serial0,115200 console=tty1 root=PARTUUID=x-02 rootwait video=HDMI-A-1:1920x1080@60 quiet\n"
	got, err := editCmdline(in, p)
	if err != nil {
		t.Fatal(err)
	}
	// console=tty1 goes, and quiet moves into the console parameters: the
	// screen shows no kernel messages, logo or cursor.
	want := "console=serial0,115200 root=PARTUUID=x-02 rootwait video=HDMI-A-1:1920x1080@60 " +
		"video=DSI-1:800x480@60,rotate=90 cfg80211.ieee80211_regdom=VN " +
		"console=tty3 quiet loglevel=3 logo.nologo vt.global_cursor_default=0 consoleblank=0 " +
		"systemd.run=/boot/firmware/motcua-firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target\n"
	if got != want {
		t.Fatalf("editCmdline =\n%q\nwant\n%q", got, want)
	}
	again, err := editCmdline(got, p)
	if err != nil || again != got {
		t.Fatalf("second run: %q, %v", again, err)
	}
	p.Display.Rotate = 270
	p.WiFi.Country = "JP"
	changed, _ := editCmdline(got, p)
	if !strings.Contains(changed, "video=DSI-1:800x480@60,rotate=270 cfg80211.ieee80211_regdom=JP console=tty3 ") ||
		strings.Contains(changed, "rotate=90") || strings.Contains(changed, "regdom=VN") {
		t.Fatalf("a changed profile did not replace its parameters: %q", changed)
	}
	if strings.Count(changed, "\n") != 1 {
		t.Fatalf("cmdline.txt must stay one line: %q", changed)
	}
}

func TestEditCmdlineRefusesForeignFirstRun(t *testing.T) {
	in := "root=PARTUUID=x-02 rootwait systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target\n"
	if _, err := editCmdline(in, &Profile{}); !errors.Is(err, ErrForeignFirstRun) || !strings.Contains(err.Error(), "Imager") {
		t.Fatalf("editCmdline(foreign hook) = %v", err)
	}
}

func TestKeyfileEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"UBND-DongPhuc": "UBND-DongPhuc",
		"Xã Đồng":       "88;195;163;32;196;144;225;187;147;110;103;",
		"a;b":           "97;59;98;",
		" lead":         "32;108;101;97;100;",
	} {
		if got := keyfileSSID(in); got != want {
			t.Errorf("keyfileSSID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"mot cua 2024": "mot cua 2024",
		`back\slash`:   `back\\slash`,
		"  two ":       `\s\stwo\s`,
	} {
		if got := keyfileString(in); got != want {
			t.Errorf("keyfileString(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("shellQuote = %s", got)
	}
}
