package target

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/motcua/kiosk/devices/mounts"
)

func deviceNumber(path string) (uint64, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFBLK {
		return 0, errors.New("not a block device")
	}
	return uint64(st.Rdev), nil
}

func blockDeviceSize(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return DeviceSize(f)
}

// DeviceSize returns the capacity of an open block device in bytes
// (the BLKGETSIZE64 ioctl).
func DeviceSize(f *os.File) (int64, error) {
	n, err := unix.IoctlGetUint64(int(f.Fd()), unix.BLKGETSIZE64)
	if err != nil {
		return 0, fmt.Errorf("BLKGETSIZE64: %w", err)
	}
	return int64(n), nil
}

// DropCache writes back and forgets the cached pages of f, so that what is
// read next comes from the card and not from memory: fsync, then
// POSIX_FADV_DONTNEED, and for a block device BLKFLSBUF too.
func DropCache(f *os.File) error {
	if err := f.Sync(); err != nil {
		return err
	}
	fd := int(f.Fd())
	if err := unix.Fadvise(fd, 0, 0, unix.FADV_DONTNEED); err != nil {
		return fmt.Errorf("fadvise: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeDevice != 0 && fi.Mode()&os.ModeCharDevice == 0 {
		// Best effort: BLKFLSBUF needs CAP_SYS_ADMIN, fadvise already did most.
		_ = unix.IoctlSetInt(fd, unix.BLKFLSBUF, 0)
	}
	return nil
}

// OpenExclusive opens a block device for writing with O_EXCL, which Linux
// refuses (EBUSY) while the device or one of its partitions is mounted or
// otherwise claimed: a second guard behind the mount table.
func OpenExclusive(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|unix.O_EXCL|unix.O_NOFOLLOW, 0)
	if errors.Is(err, syscall.EBUSY) {
		return nil, fmt.Errorf("%w: %s is in use (a partition is mounted or claimed): %v", ErrMounted, path, err)
	}
	return f, err
}

// wholeDisk returns the device number of the disk that partition dev belongs
// to, or dev itself when it is not a partition (or sysfs does not say).
func wholeDisk(dev uint64) uint64 {
	dir, err := filepath.EvalSymlinks(sysPath(dev))
	if err != nil {
		return dev
	}
	if _, err := os.Stat(filepath.Join(dir, "partition")); err != nil {
		return dev
	}
	parent, err := os.ReadFile(filepath.Join(filepath.Dir(dir), "dev"))
	if err != nil {
		return dev
	}
	var maj, min uint32
	if _, err := fmt.Sscanf(strings.TrimSpace(string(parent)), "%d:%d", &maj, &min); err != nil {
		return dev
	}
	return unix.Mkdev(maj, min)
}

func sysPath(dev uint64) string {
	return sysDevBlock + "/" + devName(dev)
}

func devName(dev uint64) string {
	return fmt.Sprintf("%d:%d", unix.Major(dev), unix.Minor(dev))
}

func fileID(fi os.FileInfo) (dev, ino uint64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Dev), st.Ino
	}
	return 0, 0
}

func rdev(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Rdev)
	}
	return 0
}

// CreateNew creates path as a new file, never through a symlink and
// never over a file that appeared since it was checked.
func CreateNew(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|unix.O_NOFOLLOW, 0o644)
}

// OpenExisting opens an existing regular file for rewriting, never
// through a symlink (path is the checked, resolved one).
func OpenExisting(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|unix.O_NOFOLLOW, 0)
}

// RootDisks returns the whole disks (/dev/NAME) under the root filesystem:
// the disk of the partition "/" is on, and the disks under a device-mapper or
// RAID device. It returns none when "/" is not on a block device (an
// overlay, a network filesystem): then nothing can be overwritten by mistake
// through its name.
func RootDisks() ([]string, error) {
	var devs []uint64
	var st unix.Stat_t
	if err := unix.Stat("/", &st); err != nil {
		return nil, err
	}
	if unix.Major(st.Dev) != 0 {
		devs = append(devs, st.Dev)
	}
	// btrfs and some others report an anonymous device: ask the mount table.
	if ms, err := mounts.Read(DefaultMounts); err == nil {
		for _, m := range ms {
			if m.Point == "/" && strings.HasPrefix(m.Source, "/dev/") {
				if d, err := deviceNumber(m.Source); err == nil {
					devs = append(devs, d)
				}
			}
		}
	}
	seen := map[string]bool{}
	var disks []string
	var walk func(dev uint64, depth int)
	walk = func(dev uint64, depth int) {
		dir, err := filepath.EvalSymlinks(sysPath(wholeDisk(dev)))
		if err != nil || depth > 8 {
			return
		}
		slaves, _ := os.ReadDir(filepath.Join(dir, "slaves"))
		if len(slaves) == 0 {
			if name := "/dev/" + filepath.Base(dir); !seen[name] {
				seen[name] = true
				disks = append(disks, name)
			}
			return
		}
		for _, s := range slaves {
			b, err := os.ReadFile(filepath.Join(dir, "slaves", s.Name(), "dev"))
			if err != nil {
				continue
			}
			var maj, min uint32
			if _, err := fmt.Sscanf(strings.TrimSpace(string(b)), "%d:%d", &maj, &min); err == nil {
				walk(unix.Mkdev(maj, min), depth+1)
			}
		}
	}
	for _, d := range devs {
		walk(d, 0)
	}
	return disks, nil
}
