//go:build !(linux || darwin)

package storage

import "github.com/motcua/kiosk/firmware"

// probeDisk cannot ask this system's file systems; SQLite's own codes
// still tell a full or read-only disk apart.
func probeDisk(string) firmware.LedgerAlert { return firmware.LedgerAlertNone }
