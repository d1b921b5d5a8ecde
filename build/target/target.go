package target

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/motcua/kiosk/devices/mounts"
)

// Refusals. Check wraps one of these with the reason in words.
var (
	ErrKind       = errors.New("target: not a block device or a regular file")
	ErrMounted    = errors.New("target: mounted")
	ErrSystemDisk = errors.New("target: holds the running system")
	ErrPartition  = errors.New("target: a partition, not a whole card")
	ErrFixedDisk  = errors.New("target: not a removable disk")
	ErrChanged    = errors.New("target: changed after it was checked")
)

// Kind is what a target path is.
type Kind int

// Kinds of target.
const (
	Missing Kind = iota // nothing there yet: a file will be created
	File                // a regular file (an image)
	Block               // a block device (an SD card)
)

func (k Kind) String() string {
	switch k {
	case Missing:
		return "new file"
	case File:
		return "file"
	case Block:
		return "block device"
	}
	return "unknown"
}

// Target is a checked path.
type Target struct {
	Path string // as given, cleaned
	Real string // symlinks resolved ("" when Missing)
	Kind Kind
	// Size is the capacity of a block device in bytes, or the current size
	// of a regular file (which flashing truncates, so it is no limit).
	Size int64
	Dev  uint64 // device number of a block device
	// The file's own identity (st_dev, st_ino) as checked, so that what is
	// opened later can be compared with it (SameAsChecked).
	FileDev, Ino uint64
}

// sysDevBlock is where sysfs lists block devices by number.
const sysDevBlock = "/sys/dev/block"

// DefaultMounts is the mount table read when Guard.Mounts is empty.
const DefaultMounts = mounts.File

// Guard holds what Check consults. The zero value checks against the running
// system.
type Guard struct {
	// Mounts is the mount table (the /proc/self/mounts format); "" means
	// DefaultMounts.
	Mounts string
	// RootDisks returns the disks holding the root filesystem; nil means
	// RootDisks of this package.
	RootDisks func() ([]string, error)
	// SysDevBlock is sysfs's directory of block devices by number; ""
	// means /sys/dev/block. Tests point it at a fake tree.
	SysDevBlock string
	// Force accepts a partition or a fixed (non-removable) disk, which
	// are refused otherwise. The system disk and a mounted one are
	// refused all the same.
	Force bool
}

// Check stats path and refuses it unless it is safe to overwrite. A path that
// does not exist is accepted as Missing (flash creates it).
func (g Guard) Check(path string) (Target, error) {
	t := Target{Path: filepath.Clean(path)}
	if path == "" {
		return t, fmt.Errorf("%w: no target given", ErrKind)
	}
	fi, err := os.Stat(t.Path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Kind = Missing
		if strings.HasPrefix(t.Path, "/dev/") {
			return t, fmt.Errorf("target %s: no such device; is the card reader plugged in? (lsblk lists the disks)", t.Path)
		}
		if dir := filepath.Dir(t.Path); !isDir(dir) {
			return t, fmt.Errorf("target %s: directory %s does not exist", t.Path, dir)
		}
		return t, g.checkMounts(t)
	} else if err != nil {
		return t, fmt.Errorf("target: %w", err)
	}
	if t.Real, err = filepath.EvalSymlinks(t.Path); err != nil {
		return t, fmt.Errorf("target: %w", err)
	}
	t.FileDev, t.Ino = fileID(fi)
	switch m := fi.Mode(); {
	case m.IsRegular():
		t.Kind, t.Size = File, fi.Size()
	case m&fs.ModeDevice != 0 && m&fs.ModeCharDevice == 0:
		t.Kind = Block
		if t.Dev, err = deviceNumber(t.Real); err != nil {
			return t, fmt.Errorf("target %s: %w", t.Path, err)
		}
	case m.IsDir():
		return t, fmt.Errorf("%w: %s is a directory; name the card's device (/dev/sdX) or an image file", ErrKind, t.Path)
	default:
		return t, fmt.Errorf("%w: %s is a %s; name the card's device (/dev/sdX) or an image file", ErrKind, t.Path, kindWord(m))
	}
	if err := g.checkRoot(t); err != nil {
		return t, err
	}
	if err := g.checkMounts(t); err != nil {
		return t, err
	}
	if t.Kind == Block {
		if err := g.checkDisk(t); err != nil {
			return t, err
		}
		// Opened only once it is known not to be the system disk.
		if t.Size, err = blockDeviceSize(t.Real); err != nil {
			return t, fmt.Errorf("target %s: size of the block device: %w", t.Path, err)
		}
	}
	return t, nil
}

// checkDisk refuses a partition and a disk that is neither removable nor
// on USB or an SD slot, unless forced. A USB card reader often reports
// removable=0 for its card, so the transport counts too.
func (g Guard) checkDisk(t Target) error {
	root := g.SysDevBlock
	if root == "" {
		root = sysDevBlock
	}
	d, err := ReadDisk(root, t.Dev)
	switch {
	case g.Force:
		return nil
	case err != nil:
		return fmt.Errorf("%w: cannot tell whether %s is a removable card (%v); if you are sure, pass --force", ErrFixedDisk, t.Path, err)
	case d.Partition:
		return fmt.Errorf("%w: %s is a partition of /dev/%s; flash the whole card, /dev/%s (or pass --force)", ErrPartition, t.Path, d.Parent, d.Parent)
	case !d.Removable && d.Transport == "":
		return fmt.Errorf("%w: %s (%s) is a fixed disk, not removable and not on USB or an SD slot; if it really is the card, pass --force", ErrFixedDisk, t.Path, d.Name)
	}
	return nil
}

// Disk is what sysfs says about a block device.
type Disk struct {
	Name      string // sdb, sdb1, mmcblk0
	Partition bool
	Parent    string // the whole disk's name, for a partition
	Removable bool   // the removable attribute (of the whole disk)
	Transport string // "usb", "mmc" or "" (SATA, NVMe, virtual…)
}

// ReadDisk reads what sysDevBlock (/sys/dev/block or a copy of its shape)
// says about the block device dev.
func ReadDisk(sysDevBlock string, dev uint64) (Disk, error) {
	var d Disk
	dir, err := filepath.EvalSymlinks(filepath.Join(sysDevBlock, devName(dev)))
	if err != nil {
		return d, fmt.Errorf("no sysfs entry for device %s: %w", devName(dev), err)
	}
	d.Name = filepath.Base(dir)
	disk := dir
	if _, err := os.Stat(filepath.Join(dir, "partition")); err == nil {
		d.Partition = true
		disk = filepath.Dir(dir)
		d.Parent = filepath.Base(disk)
	}
	b, err := os.ReadFile(filepath.Join(disk, "removable"))
	if err != nil {
		return d, fmt.Errorf("reading %s/removable: %w", filepath.Base(disk), err)
	}
	d.Removable = strings.TrimSpace(string(b)) == "1"
	for _, seg := range strings.Split(disk, "/") {
		switch {
		case strings.HasPrefix(seg, "usb"):
			d.Transport = "usb"
		case seg == "mmc_host" && d.Transport == "":
			d.Transport = "mmc"
		}
	}
	return d, nil
}

// SameAsChecked reports, with ErrChanged, whether the open file f is not
// what Check looked at: another file or device put in its place since.
func (t Target) SameAsChecked(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("target %s: %w", t.Path, err)
	}
	m := fi.Mode()
	switch t.Kind {
	case Block:
		if m&fs.ModeDevice == 0 || m&fs.ModeCharDevice != 0 || rdev(fi) != t.Dev {
			return fmt.Errorf("%w: %s is no longer the block device %s that was checked", ErrChanged, t.Path, devName(t.Dev))
		}
	case File:
		if dev, ino := fileID(fi); !m.IsRegular() || dev != t.FileDev || ino != t.Ino {
			return fmt.Errorf("%w: %s was replaced by another file after it was checked", ErrChanged, t.Path)
		}
	case Missing:
		if !m.IsRegular() {
			return fmt.Errorf("%w: %s is not a new regular file", ErrChanged, t.Path)
		}
	}
	return nil
}

func kindWord(m fs.FileMode) string {
	switch {
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func (g Guard) checkRoot(t Target) error {
	find := g.RootDisks
	if find == nil {
		find = RootDisks
	}
	disks, err := find()
	if err != nil {
		return fmt.Errorf("target: finding the system disk: %w", err)
	}
	for _, d := range disks {
		if t.sameOrPartition(d) {
			what := "the disk"
			if d != t.Path && d != t.Real {
				what = "on the disk " + d
			}
			return fmt.Errorf("%w: %s is %s this computer runs from; pick the SD card's device (see lsblk)", ErrSystemDisk, t.Path, what)
		}
	}
	return nil
}

func (g Guard) checkMounts(t Target) error {
	path := g.Mounts
	if path == "" {
		path = DefaultMounts
	}
	table, err := mounts.Read(path)
	if err != nil {
		return fmt.Errorf("target: reading the mount table: %w", err)
	}
	for _, m := range table {
		if t.sameOrPartition(m.Source) {
			return fmt.Errorf("%w: %s is mounted on %s; unmount it first (umount %s)", ErrMounted, m.Source, m.Point, m.Source)
		}
	}
	return nil
}

// sameOrPartition reports whether the device or file named other is t itself
// or one of t's partitions.
func (t Target) sameOrPartition(other string) bool {
	if !strings.HasPrefix(other, "/") {
		return false // proc, tmpfs, overlay…
	}
	names := []string{filepath.Clean(other)}
	if r, err := filepath.EvalSymlinks(other); err == nil && r != names[0] {
		names = append(names, r)
	}
	for _, mine := range []string{t.Path, t.Real} {
		if mine == "" {
			continue
		}
		for _, n := range names {
			if n == mine || isPartitionName(mine, n) {
				return true
			}
		}
	}
	if t.Kind != Block {
		return false
	}
	dev, err := deviceNumber(names[len(names)-1])
	if err != nil {
		return false
	}
	return dev == t.Dev || wholeDisk(dev) == t.Dev
}

// isPartitionName reports whether part names a partition of disk the way
// Linux names them: sdb → sdb1, mmcblk0 → mmcblk0p1, nvme0n1 → nvme0n1p2.
func isPartitionName(disk, part string) bool {
	rest, ok := strings.CutPrefix(part, disk)
	if !ok || rest == "" {
		return false
	}
	if last := disk[len(disk)-1]; last >= '0' && last <= '9' {
		if rest, ok = strings.CutPrefix(rest, "p"); !ok {
			return false
		}
	} else {
		rest, _ = strings.CutPrefix(rest, "p")
	}
	_, err := strconv.ParseUint(rest, 10, 32)
	return err == nil
}
