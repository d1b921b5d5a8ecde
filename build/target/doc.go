// Package target decides whether a path a technician names is safe to write a
// kiosk image to: an SD card's block device (/dev/sdb, /dev/mmcblk0) or a plain
// image file, never a directory, a character device, a mounted filesystem or
// the disk the running system lives on.
//
// Guard.Check is the one gate that kioskctl flash and kioskctl provision pass
// before they open anything for writing. It refuses, with a sentence that
// names the reason:
//
//   - a directory, a character device, a FIFO or a socket (ErrKind);
//   - a target that is mounted, or any of whose partitions is mounted
//     (/dev/sdb1 mounted refuses /dev/sdb) according to the mount table
//     (ErrMounted);
//   - the disk that holds the root filesystem, or one of its partitions
//     (ErrSystemDisk);
//   - unless forced (kioskctl flash --force): a partition such as
//     /dev/sdb1 (ErrPartition), and a disk that sysfs says is not
//     removable unless it sits on USB or an SD/MMC host (ErrFixedDisk): a
//     USB card reader often reports removable=0 for its card, a SATA or
//     NVMe disk is refused.
//
// What is checked is what gets written: the Target keeps the device
// number, or the file's device and inode, and the flash opens a new file
// with O_CREAT|O_EXCL|O_NOFOLLOW, an existing one with O_NOFOLLOW, a block
// device with O_EXCL, and compares the open descriptor (fstat) with the
// check before writing a byte (SameAsChecked, ErrChanged).
//
// Mount sources and targets are compared by name after resolving symlinks
// (so /dev/disk/by-id/... links match) and, for block devices, by device
// number through sysfs (so /dev/mmcblk0p2 is known to be a partition of
// /dev/mmcblk0 whatever it is called). The mount table's path and the root
// disks are injectable, so the refusals are tested without real devices.
//
// Linux only in practice: the size of a block device comes from the
// BLKGETSIZE64 ioctl, the mount table from /proc/self/mounts and the
// partition layout from /sys. On other systems only regular files are
// accepted.
package target
