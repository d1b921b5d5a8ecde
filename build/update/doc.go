// Package update installs a signed kiosk package on a running kiosk and
// rolls back when the new version does not come up healthy.
//
// An update bundle is the kiosk's .deb with a detached signature beside it
// (BUNDLE.sig, made by "kioskctl sign"), which names the package, its
// version and architecture as well as its size and SHA-256 (build/sign).
//
// The bundle usually sits on a USB stick the kiosk user owns, so it may
// change at any moment. Install reads it exactly once: it copies it into
// root's own directory (/var/lib/motcua-kiosk-update, mode 0700, outside
// the kiosk's /var/lib/motcua-kiosk) while hashing the bytes it writes,
// checks that hash and the copy's control file against the signature,
// refuses a version not newer than the installed one (dpkg's order), and
// from then on uses only the copy. Nothing in the kiosk user's directories
// is ever installed.
//
// The install runs in the transient unit motcua-kiosk-update.service
// (systemd-run --collect --wait), so a lost SSH session does not stop it:
// dpkg installs the copy keeping the office's settings, and the service
// must then be active and stay so without a restart for twice its
// watchdog interval (WatchdogInterval, the unit's WatchdogSec, kept equal by a test),
// all within two minutes. Then the copy becomes current.deb (with its
// signature; the one before is kept as previous.deb) and the update is
// confirmed. Otherwise current.deb is checked against its own signature
// again and put back; a kept package that no longer verifies is not
// installed (ErrRollbackRefused).
//
// Until an update is confirmed the file "unconfirmed" stays in the
// directory. motcua-kiosk-update-check.service runs "kiosk update
// --recover" at boot when it is there: a power cut or a killed install
// still ends with the kept package back.
//
// The first boot keeps the package it installed, with its signature when
// the card was provisioned with one, so even the first update can roll
// back.
package update
