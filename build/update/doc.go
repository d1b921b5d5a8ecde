// Package update installs a signed kiosk package on a running kiosk and
// rolls back when the new version does not come up healthy.
//
// An update bundle is the kiosk's .deb with a detached signature beside it
// (BUNDLE.sig, made by "kioskctl sign"). Install checks the signature
// against the provisioned public key before it touches anything, checks
// that the bundle is a motcua-kiosk package, installs it with dpkg keeping
// the office's settings, and then watches the service: healthy means
// systemd reports it active (the unit is Type=notify, so the kiosk itself
// said READY, and its watchdog keeps it honest) and it did not restart for
// a while. If that does not happen within two minutes, the package that
// was installed before is put back.
//
// The package installed last is kept in the data directory
// (packages/current.deb, and packages/previous.deb before it); the first
// boot keeps the package it installed, so even the first update can roll
// back.
package update
