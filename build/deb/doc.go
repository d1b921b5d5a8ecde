// Package deb builds the kiosk's Debian packages with nfpm: the CGO-free
// kiosk binary, the systemd unit (Type=notify with a watchdog, hardened but
// with the framebuffer, input, GPIO and I²C devices allowed), the default
// settings as a conffile, a udev rule that lets the kiosk set the backlight,
// and maintainer scripts that create the kiosk user and never delete the
// usage ledger in /var/lib/motcua-kiosk, neither on upgrade nor on removal.
//
// The packaged files live in files/ and are embedded, so a package built
// anywhere is the same package.
package deb
