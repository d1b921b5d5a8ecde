// Package loopdev attaches a file to a Linux loop device for tests, so that
// flash and provision meet a real block device (BLKGETSIZE64, O_EXCL,
// BLKFLSBUF) without an SD card. Tests skip when they are not root or the
// machine has no free loop device.
package loopdev
