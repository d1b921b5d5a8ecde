package target

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// fakeSysfs lays out /sys/dev/block links to device directories the way
// the kernel does, for a USB card reader that says removable=0, a SATA
// disk, a laptop's SD slot, a partition and a loop device.
func fakeSysfs(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	devices := map[string]struct{ dir, removable string }{
		"8:16":  {"devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb", "0"},
		"8:17":  {"devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb/sdb1", ""},
		"8:0":   {"devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda", "0"},
		"179:0": {"devices/pci0000:00/0000:00:1e.6/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0", "0"},
		"8:32":  {"devices/pci0000:00/0000:00:17.0/ata2/host1/target1:0:0/1:0:0:0/block/sdc", "1"},
		"7:0":   {"devices/virtual/block/loop0", "0"},
		"259:0": {"devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1", "0"},
		"8:48":  {"devices/pci0000:00/0000:00:14.0/usb2/2-2/2-2:1.0/host7/target7:0:0/7:0:0:0/block/sdd", ""},
	}
	os.MkdirAll(filepath.Join(root, "dev", "block"), 0o755)
	for num, d := range devices {
		dir := filepath.Join(root, d.dir)
		os.MkdirAll(dir, 0o755)
		if d.removable != "" {
			os.WriteFile(filepath.Join(dir, "removable"), []byte(d.removable+"\n"), 0o644)
		} else if strings.HasSuffix(d.dir, "sdb1") {
			os.WriteFile(filepath.Join(dir, "partition"), []byte("1\n"), 0o644)
		}
		if err := os.Symlink(filepath.Join("..", "..", d.dir), filepath.Join(root, "dev", "block", num)); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "dev", "block")
}

func TestCheckDisk(t *testing.T) {
	sys := fakeSysfs(t)
	for _, c := range []struct {
		name     string
		maj, min uint32
		want     error
		words    string
	}{
		{"USB card reader saying removable=0", 8, 16, nil, ""},
		{"laptop SD slot", 179, 0, nil, ""},
		{"removable disk", 8, 32, nil, ""},
		{"partition of the card", 8, 17, ErrPartition, "flash the whole card, /dev/sdb"},
		{"SATA disk", 8, 0, ErrFixedDisk, "is a fixed disk"},
		{"NVMe disk", 259, 0, ErrFixedDisk, "is a fixed disk"},
		{"loop device", 7, 0, ErrFixedDisk, "pass --force"},
		{"no removable attribute", 8, 48, ErrFixedDisk, "cannot tell"},
		{"unknown device", 8, 64, ErrFixedDisk, "cannot tell"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tg := Target{Path: "/dev/x", Kind: Block, Dev: unix.Mkdev(c.maj, c.min)}
			err := Guard{SysDevBlock: sys}.checkDisk(tg)
			if !errors.Is(err, c.want) || (c.want != nil && !strings.Contains(err.Error(), c.words)) {
				t.Fatalf("checkDisk = %v, want %v saying %q", err, c.want, c.words)
			}
			if err := (Guard{SysDevBlock: sys, Force: true}).checkDisk(tg); err != nil {
				t.Fatalf("forced: %v", err)
			}
		})
	}
}
