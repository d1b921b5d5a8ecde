package storage

import (
	"errors"

	"github.com/motcua/kiosk/firmware"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// alertFor names the trouble behind a failed write for staff. SQLite says
// SQLITE_FULL when the disk is full and SQLITE_READONLY when the database
// cannot be written; a file system remounted read-only after the file was
// opened (what Linux does to an ext4 card that reports errors) shows as an
// I/O error instead, so for those the disk itself is asked.
func alertFor(err error, path string) firmware.LedgerAlert {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return firmware.LedgerDiskFull
		case sqlite3.SQLITE_READONLY:
			return firmware.LedgerReadOnly
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return firmware.LedgerCorrupt
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
			if a := probeDisk(path); a != firmware.LedgerAlertNone {
				return a
			}
		}
	}
	return firmware.LedgerWriteFailed
}

// isConstraint reports whether err is SQLite refusing a row, a fault of
// the row rather than of the disk.
func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}
