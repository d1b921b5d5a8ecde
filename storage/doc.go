// Package storage keeps the kiosk's state in SQLite, through the pure-Go
// driver modernc.org/sqlite (no cgo, so the appliance stays a static binary).
//
// It owns the database file and its schema: the migrations embedded from
// migrations/*.sql, the usage ledger (Ledger, which implements
// firmware.Ledger, firmware.Reporter, firmware.UsageTotals and
// firmware.PortalLog), the Writer that the screens append through, and a
// small settings table for state that must outlive a reboot, such as the
// staff PIN lockout (DESIGN §4).
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
//   - synchronous=FULL. Ledger.Append returns only after the event is on disk,
//     because the kiosk's power may be cut at any moment; on a slow SD card a
//     commit costs a few milliseconds. The screens append through a Writer
//     instead: Append queues the event in memory (bounded, 10,000 events) and
//     returns at once, and one goroutine writes the queue in batches, one
//     transaction each. An event is acknowledged once its batch has committed
//     (Writer.Flush, WriterOpts.Committed); the crash test kills a writing
//     process with SIGKILL at random moments 60 times and finds every
//     acknowledged event, and the file intact, each time.
//   - A disk that refuses writes (SQLITE_FULL, SQLITE_READONLY, or an I/O
//     error on a file system that turned read-only or full) leaves the events
//     queued; the Writer retries with a growing wait (100 ms to 30 s) and
//     names the trouble in LedgerState for staff mode, the fault LED and
//     /healthz. Once the queue is full, Append drops the event with
//     ErrQueueFull; when the disk takes writes again the queue drains.
//   - Open runs PRAGMA integrity_check and refuses a damaged file, or one that is
//     not a database, with an error that wraps ErrCorrupt; OpenOrRecover then
//     moves the file aside (kept as kiosk.db.corrupt-<time>), starts a new
//     one and records the recovery there, so staff see it across restarts
//     until they dismiss it. integrity_check, not the cheaper quick_check,
//     so an index that disagrees with its table is caught too; it reads the
//     whole file, which retention keeps small. BenchmarkReportYear measures
//     Open on a year of a busy kiosk kept raw (BENCHMARKS.md).
//   - Clocks: a Pi has no battery clock. Every event and portal check keeps
//     wall time, monotonic time since boot and the boot's ID; those taken
//     before NTP synced are flagged (clock_synced = 0). The first record of a
//     boot taken with a synced clock, or CorrectClock, gives the boot's wall
//     time minus monotonic time, and the boot's earlier records are corrected
//     to offset + mono in the same transaction; later ones as they are written.
//   - Retention (DESIGN §8): Compact folds raw events and portal checks older
//     than the retention (DefaultRetention, 180 days) into daily roll-ups kept
//     for ever, by local day in Asia/Ho_Chi_Minh, and deletes them, in one
//     transaction. Reports read raw rows and roll-ups alike, so their totals do
//     not change; only unique dossiers over several rolled-up days become a
//     sum of the days' counts (firmware.Report.RolledUpDays says when).
//     The main program calls Compact once a day.
//   - Size: a raw event is mostly its indexes, the 64-digit code reference
//     and the boot ID; a rolled-up day is a few rows. BenchmarkLedgerBytes
//     measures both, per 1,000 lookups and per day, and what a busy kiosk
//     (300 lookups and 145 other events a day) keeps at 180 days
//     (BENCHMARKS.md, written by make bench). Portal checks are kept as runs
//     of equal answers, a few rows a day for a check a minute. Deleted rows'
//     pages are reused; the file does not shrink.
//   - Speed: BenchmarkWriterAppend measures events a second through a Writer
//     under sustained load; BenchmarkReportYear, over a year of a busy kiosk
//     (162,000 events, 525,000 portal checks), the staff dashboard's three
//     reports (today, 7 and 30 days), a year's report and the metrics'
//     totals. The dashboard asks for its reports off the UI goroutine, so
//     their time is a wait, never a frozen screen.
//   - Times are integer milliseconds since the Unix epoch; durations are
//     milliseconds. Finer parts are dropped on the way in.
//   - MemoryPath (":memory:") gives a private database on one connection, for
//     tests and examples; there is no WAL in memory.
//   - Migrations are applied in name order, each in its own transaction with
//     the row that records it in the migrations table, and never twice.
//     Recorded migrations that this build does not know, left by a newer
//     firmware that was rolled back, are ignored.
package storage
