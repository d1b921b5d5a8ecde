package mounts

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mounts")
	table := `/dev/sdb1 /media/a\040b vfat rw,nosuid 0 0
/dev/sdc1 /media/pi/C\303\201N\040B\341\273\230 exfat ro,nodev 0 0
systemd-1 /media/usb0 autofs rw 0 0
short /x

/dev/sdd1 /media/bad\04 vfat
`
	if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	ms, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Mount{
		{Source: "/dev/sdb1", Point: "/media/a b", Type: "vfat", Options: "rw,nosuid"},
		{Source: "/dev/sdc1", Point: "/media/pi/CÁN BỘ", Type: "exfat", Options: "ro,nodev"},
		{Source: "systemd-1", Point: "/media/usb0", Type: "autofs", Options: "rw"},
		{Source: "/dev/sdd1", Point: `/media/bad\04`, Type: "vfat"},
	}
	if len(ms) != len(want) {
		t.Fatalf("Read = %+v, want %+v", ms, want)
	}
	for i := range want {
		if ms[i] != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, ms[i], want[i])
		}
	}
	if ms[0].ReadOnly() || !ms[1].ReadOnly() {
		t.Error("ReadOnly reads the options wrong")
	}
	if unescape(`/media/a\134b`) != `/media/a\b` {
		t.Error("an escaped backslash is not undone")
	}
	if _, err := Read(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Fatal("Read of a missing file succeeded")
	}
}
