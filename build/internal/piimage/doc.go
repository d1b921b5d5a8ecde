// Package piimage builds, for tests, a small stand-in for a Raspberry Pi OS
// Bookworm image: an MBR with a FAT32 boot partition holding a config.txt
// and a cmdline.txt like the real ones, and an ext4 root partition (made by
// go-diskfs) holding /etc/hostname and /etc/os-release. It is 60 MiB, mostly
// zeros, so tests can flash, compress and provision it in a second or two.
package piimage
