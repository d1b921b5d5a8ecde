// Package flash writes a kiosk image to an SD card (or an image file) and
// proves it arrived: kioskctl flash.
//
// Flash streams the image from disk, decompressing it on the fly when it is
// xz-compressed (recognised by its magic bytes, whatever its name), so a
// 4 GiB image needs no more memory than one 4 MiB buffer. While writing it
// hashes what it writes with SHA-256 and prints a progress line (bytes, the
// percentage when the image's size is known, the speed). It then fsyncs,
// drops the target's cached pages (POSIX_FADV_DONTNEED, BLKFLSBUF) so the
// read-back comes from the card and not from memory, reads back exactly the
// written length and compares its SHA-256 with the source's.
//
// Before opening anything for writing it refuses what target.Guard refuses (a
// directory, a mounted card, the system disk) and a card smaller than the
// image. The size of a plain image is its file size; the size of an .xz image
// is read from the xz index at the end of the file (ImageSize), so a too
// small card is refused before the first byte is written even for a
// compressed image. A block device is opened with O_EXCL, which Linux refuses
// while any of its partitions is mounted. A file target is created or
// truncated.
//
// What is not done: no partition table is rewritten or grown (the Pi grows its
// root partition itself on first boot), and a card that silently drops
// writes past its real capacity (a fake-capacity card) is caught only by the
// verification, not before.
package flash
