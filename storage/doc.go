// Package storage keeps the kiosk's state in SQLite, through the pure-Go
// driver modernc.org/sqlite (no cgo, so the appliance stays a static binary).
//
// It owns the database file and its schema: the migrations embedded from
// migrations/*.sql, the usage ledger (Ledger, which implements
// firmware.Ledger) and a small settings table for state that must outlive a
// reboot, such as the staff PIN lockout (DESIGN §4).
//
// What it stores follows DESIGN §8: what happened, never who. A lookup is
// recorded with a keyed hash of the dossier code (firmware.UsageEvent.CodeRef),
// and the table refuses anything that is not a 64-digit hex hash even if a
// caller forgets to validate.
//
// Quirks worth knowing:
//
//   - WAL journal mode. Readers run beside the writer and see the last commit.
//     While the database is open, recent commits live in the -wal file beside
//     it; copy the three files together, or close the database first (the last
//     connection to close folds the WAL back into the main file).
//   - One connection writes. All writes go through a pool of a single
//     connection whose transactions begin IMMEDIATE, so writers of this
//     process queue in Go and never meet SQLITE_BUSY; a second process (kiosk
//     report) waits up to BusyTimeout for the lock. Reads use a separate pool
//     of query-only connections.
//   - synchronous=FULL. Append returns only after the event is on disk, because
//     the kiosk's power may be cut at any moment. On a slow SD card a commit costs
//     a few milliseconds; the kiosk appends a few events a minute.
//   - Open runs PRAGMA quick_check and refuses a damaged file, or one that is
//     not a database, with an error that wraps ErrCorrupt, so that the caller
//     can move it aside and start afresh rather than stop the kiosk.
//   - Times are integer milliseconds since the Unix epoch; durations are
//     milliseconds. Finer parts are dropped on the way in.
//   - MemoryPath (":memory:") gives a private database on one connection, for
//     tests and examples; there is no WAL in memory.
//   - Migrations are applied in name order, each in its own transaction with
//     the row that records it in the migrations table, and never twice.
//     Recorded migrations that this build does not know, left by a newer
//     firmware that was rolled back, are ignored.
package storage
