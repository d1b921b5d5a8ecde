// Package usbstick writes staff reports to a USB stick: the kiosk's
// firmware.ReportSink. A stick is a part like the others, reached through
// the kernel rather than a bus: the mount table (/proc/self/mounts) says
// which block devices are mounted below the export root, and the report is
// written to the first that takes it.
//
// Quirks worth knowing:
//
//   - The kiosk's package gives a stick an automount point only
//     (/media/motcua-usb-<name>, a systemd automount): the stick is mounted
//     when its directory is opened and unmounted 10 s after. So every
//     autofs point below the root is opened first, and the mount table is
//     read after that.
//   - The autofs placeholder and the mounted stick share the mount point;
//     only a mount of a /dev/ device is a stick, and a point listed twice
//     takes its last options, as the kernel shows the later mount.
//   - The kernel escapes spaces and other bytes in the table as octal
//     (\040); a stick's label, and so its directory, may be a person's
//     name, so no error message names a path.
//   - The file is written under a temporary name, synced and renamed, so a
//     stick pulled out too early never holds a report that looks whole but
//     is not.
package usbstick
