// Package kiosk is the application behind the screens: it turns a scan or a
// typed code into a portal lookup with a deadline, records what happened in
// the usage ledger without the code itself (a keyed hash stands in for it),
// keeps the portal's health up to date, and checks the staff PIN.
//
// It is pure logic over the firmware interfaces, so it is tested with fakes
// and the portal simulator, without a screen or a disk.
package kiosk
