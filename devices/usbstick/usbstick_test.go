package usbstick_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/kiosk/devices/usbstick"
	"github.com/motcua/kiosk/firmware"
)

const name = "motcua-BK-DP-01-20261126-1600.csv"

// report is the last 30 days' report of a kiosk on 26 November 2026.
func report() firmware.Report {
	return firmware.Report{
		KioskID: "BK-DP-01",
		From:    time.Date(2026, 10, 28, 0, 0, 0, 0, firmware.Vietnam),
		To:      time.Date(2026, 11, 27, 0, 0, 0, 0, firmware.Vietnam),
		Total:   12,
		Counts:  []firmware.OutcomeCount{{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Count: 12}},
		Ratings: map[firmware.Rating]int{},
	}
}

// stickSetup is a fake /media with the given sticks (directories under a
// temp dir) and a mount table that lists them with their options.
func stickSetup(t *testing.T, sticks ...string) (root, mounts string) {
	t.Helper()
	root = t.TempDir()
	var tab strings.Builder
	tab.WriteString("/dev/root / ext4 rw,noatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n")
	tab.WriteString("tmpfs /run tmpfs rw,nosuid,nodev,size=94224k,mode=755 0 0\n")
	for _, s := range sticks {
		name, opts, _ := strings.Cut(s, ":")
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&tab, "/dev/sda1 %s vfat %s,relatime,uid=1000,fmask=0022 0 0\n",
			strings.ReplaceAll(dir, " ", `\040`), opts)
	}
	mounts = filepath.Join(t.TempDir(), "mounts")
	if err := os.WriteFile(mounts, []byte(tab.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, mounts
}

func TestExportReport(t *testing.T) {
	root, mounts := stickSetup(t, "kiosk/CÁN BỘ XÃ:rw")
	e := usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts})
	path, err := e.WriteReport(context.Background(), name, report())
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "kiosk", "CÁN BỘ XÃ", name)
	if path != want {
		t.Fatalf("path %q, want %q", path, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufeffkiosk_id,from,to,metric")) ||
		!bytes.Contains(data, []byte("BK-DP-01,2026-10-28T00:00:00+07:00,2026-11-27T00:00:00+07:00,events_total,,,12,")) {
		t.Errorf("file:\n%s", data)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the stick holds %v, want the report alone", entries)
	}

	// Again in the same minute: the same file, written anew.
	if again, err := e.WriteReport(context.Background(), name, report()); err != nil || again != path {
		t.Errorf("second export %q, %v", again, err)
	}

	// Only a plain file name: nothing is written outside the stick.
	for _, bad := range []string{"", "../x.csv", "a/b.csv", ".hidden.csv"} {
		if _, err := e.WriteReport(context.Background(), bad, report()); firmware.ErrorCode(err) != firmware.EINVALID {
			t.Errorf("name %q: %v, want EINVALID", bad, err)
		}
	}
}

func TestExportReportNoStick(t *testing.T) {
	root, mounts := stickSetup(t)
	// A mount elsewhere, one listed under the root whose directory is
	// gone, a tmpfs on the root itself and systemd's automount placeholder
	// are no sticks.
	if err := os.Mkdir(filepath.Join(root, "usb0"), 0o755); err != nil {
		t.Fatal(err)
	}
	tab, _ := os.ReadFile(mounts)
	tab = append(tab, fmt.Sprintf("/dev/sdb1 %[1]s-other vfat rw 0 0\n/dev/sdc1 %[1]s/usb1 vfat rw 0 0\n"+
		"tmpfs %[1]s tmpfs rw,nosuid 0 0\nsystemd-1 %[1]s/usb0 autofs rw,relatime,fd=49 0 0\n", root)...)
	if err := os.WriteFile(mounts, tab, 0o644); err != nil {
		t.Fatal(err)
	}
	e := usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts})
	if _, err := e.WriteReport(context.Background(), name, report()); firmware.ErrorCode(err) != firmware.ENOTFOUND {
		t.Fatalf("err %v, want ENOTFOUND", err)
	}

	e = usbstick.New(&usbstick.Opts{Root: root, MountsFile: filepath.Join(root, "none")})
	if _, err := e.WriteReport(context.Background(), name, report()); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("no mount table: %v", err)
	}
}

func TestExportReportReadOnlyStick(t *testing.T) {
	root, mounts := stickSetup(t, "NGUYEN VAN A:ro")
	e := usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts})
	_, err := e.WriteReport(context.Background(), name, report())
	if firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("err %v, want EUNAVAILABLE", err)
	}
	if msg := firmware.ErrorMessage(err); strings.Contains(msg, "NGUYEN") || strings.Contains(msg, root) {
		t.Errorf("message %q names the stick", msg)
	}
	if entries, _ := os.ReadDir(filepath.Join(root, "NGUYEN VAN A")); len(entries) != 0 {
		t.Errorf("wrote %v to a read-only stick", entries)
	}
}

func TestExportReportSkipsBadStick(t *testing.T) {
	// The first stick is read-only and the second refuses the file (its
	// name is taken by a directory); the third takes it.
	root, mounts := stickSetup(t, "usb0:ro", "usb1:rw", "usb2:rw")
	if err := os.MkdirAll(filepath.Join(root, "usb1", "."+name+".tmp", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	e := usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts})
	path, err := e.WriteReport(context.Background(), name, report())
	if err != nil || path != filepath.Join(root, "usb2", name) {
		t.Fatalf("export %q, %v", path, err)
	}

	// Without the good stick, the error is the first stick's.
	root, mounts = stickSetup(t, "usb1:rw")
	if err := os.MkdirAll(filepath.Join(root, "usb1", "."+name+".tmp", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	e = usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts})
	_, err = e.WriteReport(context.Background(), name, report())
	if firmware.ErrorCode(err) != firmware.EUNAVAILABLE || strings.Contains(firmware.ErrorMessage(err), root) {
		t.Fatalf("err %v, want EUNAVAILABLE without the path", err)
	}
}

// TestExportReportAutomounted is a stick that systemd mounted on demand:
// the autofs placeholder and the stick share the mount point.
func TestExportReportAutomounted(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "usb0")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mounts := filepath.Join(t.TempDir(), "mounts")
	tab := fmt.Sprintf("systemd-1 %[1]s autofs rw,relatime,fd=49 0 0\n/dev/sda1 %[1]s vfat rw,relatime 0 0\n", dir)
	if err := os.WriteFile(mounts, []byte(tab), 0o644); err != nil {
		t.Fatal(err)
	}
	e := usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts})
	if path, err := e.WriteReport(context.Background(), name, report()); err != nil || filepath.Dir(path) != dir {
		t.Fatalf("export %q, %v", path, err)
	}
}

// TestExportReportMountsOnOpen is a stick behind an automount point that is
// not mounted yet: the export opens the point, which mounts it, and then
// finds it in the mount table.
func TestExportReportMountsOnOpen(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "motcua-usb-sda1")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mounts := filepath.Join(t.TempDir(), "mounts")
	placeholder := fmt.Sprintf("systemd-1 %s autofs rw,relatime,fd=49 0 0\n", dir)
	if err := os.WriteFile(mounts, []byte(placeholder), 0o644); err != nil {
		t.Fatal(err)
	}
	var opened []string
	mount := func(d string) error {
		opened = append(opened, d)
		return os.WriteFile(mounts, []byte(placeholder+fmt.Sprintf("/dev/sda1 %s vfat rw,nosuid,nodev,noexec 0 0\n", d)), 0o644)
	}
	e := usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts, OpenDir: mount})
	path, err := e.WriteReport(context.Background(), name, report())
	if err != nil || filepath.Dir(path) != dir {
		t.Fatalf("export %q, %v", path, err)
	}
	if len(opened) != 1 || opened[0] != dir {
		t.Errorf("opened %q, want the automount point %q", opened, dir)
	}

	// A point that does not mount leaves no stick, and says so.
	if err := os.WriteFile(mounts, []byte(placeholder), 0o644); err != nil {
		t.Fatal(err)
	}
	e = usbstick.New(&usbstick.Opts{Root: root, MountsFile: mounts, OpenDir: func(string) error { return syscall.EIO }})
	if _, err := e.WriteReport(context.Background(), name, report()); firmware.ErrorCode(err) != firmware.ENOTFOUND {
		t.Fatalf("unmountable stick: %v, want ENOTFOUND", err)
	}
}
