package piimage

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	diskfs "github.com/diskfs/go-diskfs"
	"github.com/diskfs/go-diskfs/disk"
	"github.com/diskfs/go-diskfs/filesystem"
	"github.com/diskfs/go-diskfs/partition/mbr"
)

// The layout, in bytes. Like Raspberry Pi OS the boot partition starts at
// sector 8192.
const (
	MiB       = 1 << 20
	BootStart = 4 * MiB
	BootSize  = 40 * MiB
	RootStart = BootStart + BootSize
	RootSize  = 16 * MiB
	Size      = RootStart + RootSize
)

// Config is the image's config.txt, shaped like Bookworm's: the I2C line
// commented out, conditional sections, and [all] last.
const Config = `# For more options and information see
# http://rptl.io/configtxt
# Some settings may impact device functionality. See link above for details

# Uncomment some or all of these to enable the optional hardware interfaces
#dtparam=i2c_arm=on
#dtparam=i2s=on
#dtparam=spi=on

# Enable audio (loads snd_bcm2835)
dtparam=audio=on

# Automatically load overlays for detected cameras
camera_auto_detect=1

# Automatically load overlays for detected DSI displays
display_auto_detect=1

# Enable DRM VC4 V3D driver
dtoverlay=vc4-kms-v3d
max_framebuffers=2

arm_64bit=1

[cm4]
# Enable host mode on the 2711 built-in XHCI USB controller.
otg_mode=1
dtparam=i2c_arm=on

[all]
`

// Cmdline is the image's cmdline.txt.
const Cmdline = "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait quiet init=/usr/lib/raspberrypi-sys-mods/firstboot\n"

// Hostname is /etc/hostname on the root partition.
const Hostname = "raspberrypi\n"

// Build writes the image to path, which must not exist.
func Build(path string) error {
	d, err := diskfs.Create(path, Size, diskfs.SectorSizeDefault)
	if err != nil {
		return fmt.Errorf("piimage: %w", err)
	}
	defer d.Close()
	tbl := &mbr.Table{
		LogicalSectorSize:  512,
		PhysicalSectorSize: 512,
		Partitions: []*mbr.Partition{
			{Index: 1, Type: mbr.Fat32LBA, Start: BootStart / 512, Size: BootSize / 512},
			{Index: 2, Type: mbr.Linux, Start: RootStart / 512, Size: RootSize / 512},
		},
	}
	if err := d.Partition(tbl); err != nil {
		return fmt.Errorf("piimage: partition table: %w", err)
	}
	boot, err := d.CreateFilesystem(disk.FilesystemSpec{Partition: 1, FSType: filesystem.TypeFat32, VolumeLabel: "bootfs"})
	if err != nil {
		return fmt.Errorf("piimage: boot partition: %w", err)
	}
	for name, data := range map[string]string{"/config.txt": Config, "/cmdline.txt": Cmdline, "/issue.txt": "Raspberry Pi reference 2024-11-19\n"} {
		if err := write(boot, name, data); err != nil {
			return err
		}
	}
	root, err := d.CreateFilesystem(disk.FilesystemSpec{Partition: 2, FSType: filesystem.TypeExt4, VolumeLabel: "rootfs"})
	if err != nil {
		return fmt.Errorf("piimage: root partition: %w", err)
	}
	if err := root.Mkdir("etc"); err != nil {
		return fmt.Errorf("piimage: root partition: %w", err)
	}
	if err := write(root, "etc/hostname", Hostname); err != nil {
		return err
	}
	if err := write(root, "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_CODENAME=bookworm\n"); err != nil {
		return err
	}
	return nil
}

func write(fsys filesystem.FileSystem, name, data string) error {
	f, err := fsys.OpenFile(name, os.O_CREATE|os.O_RDWR|os.O_TRUNC)
	if err != nil {
		return fmt.Errorf("piimage: %s: %w", name, err)
	}
	if _, err := f.Write([]byte(data)); err != nil {
		f.Close()
		return fmt.Errorf("piimage: %s: %w", name, err)
	}
	return f.Close()
}

// HashRange returns the hex SHA-256 of n bytes of the file at path from off.
func HashRange(path string, off, n int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, off, n)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ReadBoot returns the named files of the boot partition of the image at path,
// read through go-diskfs.
func ReadBoot(path string, names ...string) (map[string][]byte, error) {
	d, err := diskfs.Open(path, diskfs.WithOpenMode(diskfs.ReadOnly))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	fsys, err := d.GetFilesystem(1)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := fsys.ReadFile("/" + n)
		if err != nil {
			return nil, fmt.Errorf("piimage: %s: %w", n, err)
		}
		out[n] = b
	}
	return out, nil
}

// BootFiles lists the names in the boot partition's root directory.
func BootFiles(path string) ([]string, error) {
	d, err := diskfs.Open(path, diskfs.WithOpenMode(diskfs.ReadOnly))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	fsys, err := d.GetFilesystem(1)
	if err != nil {
		return nil, err
	}
	entries, err := fsys.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, nil
}

// ReadRoot returns a file of the ext4 root partition of the image at path.
func ReadRoot(path, name string) ([]byte, error) {
	d, err := diskfs.Open(path, diskfs.WithOpenMode(diskfs.ReadOnly))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	fsys, err := d.GetFilesystem(2)
	if err != nil {
		return nil, err
	}
	return fsys.ReadFile(name)
}
