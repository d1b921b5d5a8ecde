package target

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func noRoot() ([]string, error) { return nil, nil }

func writeMounts(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mounts")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckAcceptsFileAndNewFile(t *testing.T) {
	dir := t.TempDir()
	g := Guard{Mounts: writeMounts(t, "proc /proc proc rw 0 0"), RootDisks: noRoot}
	existing := filepath.Join(dir, "card.img")
	if err := os.WriteFile(existing, make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	tg, err := g.Check(existing)
	if err != nil || tg.Kind != File || tg.Size != 1000 {
		t.Fatalf("Check(file) = %+v, %v", tg, err)
	}
	tg, err = g.Check(filepath.Join(dir, "new.img"))
	if err != nil || tg.Kind != Missing {
		t.Fatalf("Check(new file) = %+v, %v", tg, err)
	}
}

func TestCheckRefuses(t *testing.T) {
	dir := t.TempDir()
	card := filepath.Join(dir, "sdb")
	os.WriteFile(card, nil, 0o644)
	mmc := filepath.Join(dir, "mmcblk0")
	os.WriteFile(mmc, nil, 0o644)
	link := filepath.Join(dir, "by-id-usb-card")
	os.Symlink(card, link)
	mounts := writeMounts(t,
		"/dev/vda / ext4 rw 0 0",
		card+"1 /media/tech/bootfs vfat rw 0 0",
		mmc+`p2 /media/tech/root\040fs ext4 rw 0 0`,
	)
	g := Guard{Mounts: mounts, RootDisks: noRoot}
	tests := []struct {
		name, path string
		guard      Guard
		want       error
		words      string
	}{
		{"directory", dir, g, ErrKind, "is a directory"},
		{"char device", "/dev/null", g, ErrKind, "character device"},
		{"mounted partition of the card", card, g, ErrMounted, "/media/tech/bootfs"},
		{"mounted partition through a symlink", link, g, ErrMounted, "umount"},
		{"mmcblk partition naming", mmc, g, ErrMounted, "/media/tech/root fs"},
		{"root disk", card, Guard{Mounts: writeMounts(t), RootDisks: func() ([]string, error) { return []string{card}, nil }}, ErrSystemDisk, "runs from"},
		{"missing device node", "/dev/sdz9", g, nil, "card reader plugged in"},
		{"no target", "", g, ErrKind, "no target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.guard.Check(tt.path)
			if err == nil {
				t.Fatalf("Check(%s) accepted it", tt.path)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Check(%s) = %v, want %v", tt.path, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.words) {
				t.Errorf("Check(%s) = %q, want it to say %q", tt.path, err, tt.words)
			}
		})
	}
}

func TestUnmountedSiblingIsFine(t *testing.T) {
	dir := t.TempDir()
	card := filepath.Join(dir, "sdc")
	os.WriteFile(card, nil, 0o644)
	// sdc10 would be a partition; sdcard1 and sd are other disks.
	g := Guard{Mounts: writeMounts(t, filepath.Join(dir, "sdcard1")+" /mnt vfat rw 0 0", filepath.Join(dir, "sd")+" /x vfat rw 0 0"), RootDisks: noRoot}
	if _, err := g.Check(card); err != nil {
		t.Fatalf("Check(%s) = %v", card, err)
	}
}

func TestIsPartitionName(t *testing.T) {
	for _, tt := range []struct {
		disk, part string
		want       bool
	}{
		{"/dev/sdb", "/dev/sdb1", true},
		{"/dev/sdb", "/dev/sdb12", true},
		{"/dev/sdb", "/dev/sdbc1", false},
		{"/dev/sdb", "/dev/sdb", false},
		{"/dev/mmcblk0", "/dev/mmcblk0p1", true},
		{"/dev/mmcblk0", "/dev/mmcblk01", false},
		{"/dev/nvme0n1", "/dev/nvme0n1p3", true},
		{"/dev/loop0", "/dev/loop0p1", true},
		{"/dev/loop1", "/dev/loop10", false},
	} {
		if got := isPartitionName(tt.disk, tt.part); got != tt.want {
			t.Errorf("isPartitionName(%s, %s) = %v", tt.disk, tt.part, got)
		}
	}
}

// The machine's own root disk must be refused without any injection.
func TestRealRootDiskRefused(t *testing.T) {
	disks, err := RootDisks()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("root disks: %v", disks)
	for _, d := range disks {
		if _, err := os.Stat(d); err != nil {
			continue
		}
		if _, err := (Guard{}).Check(d); !errors.Is(err, ErrSystemDisk) && !errors.Is(err, ErrMounted) {
			t.Errorf("Check(%s) = %v, want a refusal", d, err)
		}
	}
}
