package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// MemoryPath opens a private in-memory database, for tests and examples.
const MemoryPath = ":memory:"

// BusyTimeout is how long a statement waits for a lock that another process
// holds (a `kiosk report` run beside the service) before it fails.
const BusyTimeout = 5 * time.Second

// maxReaders bounds the read pool. The kiosk's readers are the staff screen,
// the admin endpoint and reports; more connections than the Pi has cores only
// cost memory (each keeps its own page cache).
const maxReaders = 4

// ErrCorrupt is in the chain of the error Open returns when the file is not
// a SQLite database or fails the integrity check. The caller may then move
// the file aside and open a fresh one rather than stop the kiosk.
var ErrCorrupt = errors.New("storage: database file is damaged or is not a database")

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the kiosk's SQLite database. It is safe for concurrent use.
type DB struct {
	// Now returns the current time. Replace it in tests to stamp rows with a
	// fixed clock; the default is time.Now.
	Now func() time.Time

	path string

	// write is a pool of exactly one connection, so the process's writers
	// queue in Go instead of meeting SQLITE_BUSY; its transactions begin
	// IMMEDIATE so that one never has to upgrade a read lock under another
	// process's writer, the case busy_timeout cannot resolve.
	write *sql.DB

	// read serves queries. WAL lets them run beside the writer and see the
	// last committed state. It is write itself for MemoryPath, because each
	// connection to ":memory:" would be a database of its own.
	read *sql.DB

	// recovery is the recovery staff have not dismissed, loaded at open.
	mu       sync.Mutex
	recovery *firmware.LedgerRecovery
}

// Open opens the database at path, creating it and its directory (0700) if
// they are missing, checks its integrity and applies the migrations it lacks.
// path is a file name or MemoryPath. Errors for a damaged file or one that is
// not a database wrap ErrCorrupt.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("storage: open: path required")
	}
	db := &DB{Now: time.Now, path: path}
	if err := db.open(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.loadRecovery(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) open(ctx context.Context) error {
	// busy_timeout on every connection, and first (the driver sorts it
	// first anyway), so that the other pragmas can wait for a lock.
	// synchronous FULL on the writer because an acknowledged event must
	// survive a power cut, and a kiosk's power is pulled at closing time.
	writeQ := dsnQuery("journal_mode(WAL)", "synchronous(FULL)")
	writeQ.Set("_txlock", "immediate")
	// query_only turns a write slipped into a read method into an error
	// instead of a second writer competing for the lock.
	readQ := dsnQuery("query_only(1)")

	if db.path == MemoryPath {
		w, err := sql.Open("sqlite", MemoryPath+"?"+writeQ.Encode())
		if err != nil {
			return fmt.Errorf("storage: open %s: %w", db.path, err)
		}
		// One connection, kept open: a second one, or the first closed
		// while idle, would be another, empty database.
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		db.write, db.read = w, w
		return db.prepare(ctx)
	}

	abs, err := filepath.Abs(db.path)
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", db.path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("storage: open %s: %w", db.path, err)
	}
	// SQLite would create the file 0644; creating it first makes it 0600,
	// and SQLite gives the -wal and -shm files the database file's mode. An
	// empty file is a valid empty database.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", db.path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("storage: open %s: %w", db.path, err)
	}

	// A file: URI with the path escaped, because the driver cuts a plain
	// name at its first '?'; url.URL escapes '?', '#' and '%', which SQLite
	// decodes again.
	uri := (&url.URL{Scheme: "file", Path: abs}).String()
	if db.write, err = sql.Open("sqlite", uri+"?"+writeQ.Encode()); err != nil {
		return fmt.Errorf("storage: open %s: %w", db.path, err)
	}
	db.write.SetMaxOpenConns(1)
	if err := db.prepare(ctx); err != nil {
		return err
	}

	var mode string
	if err := db.write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return db.openError(err)
	}
	if !strings.EqualFold(mode, "wal") {
		// SQLite keeps the old mode without an error when the file system
		// cannot do WAL (no shared memory); say so rather than run slower
		// and with different durability than the design assumes.
		return fmt.Errorf("storage: open %s: journal mode is %q, not wal", db.path, mode)
	}

	if db.read, err = sql.Open("sqlite", uri+"?"+readQ.Encode()); err != nil {
		return fmt.Errorf("storage: open %s: %w", db.path, err)
	}
	db.read.SetMaxOpenConns(maxReaders)
	if err := db.read.PingContext(ctx); err != nil {
		return db.openError(err)
	}
	return nil
}

// dsnQuery returns the driver's DSN parameters for the pragmas every
// connection needs plus extra.
func dsnQuery(extra ...string) url.Values {
	pragmas := []string{
		fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()),
		"foreign_keys(1)",
		// A deleted row's bytes are overwritten with zeros, so that an
		// expired cache entry or a folded code reference cannot be read
		// back from free pages of a stolen card.
		"secure_delete(1)",
	}
	return url.Values{"_pragma": append(pragmas, extra...)}
}

// prepare connects the writer, checks the file and migrates it. The check
// comes before any migration so that a damaged file is not written to.
func (db *DB) prepare(ctx context.Context) error {
	// The first connection runs the DSN's pragmas; journal_mode is the first
	// to read the file's header, so this is where a file that is not a
	// database is found out.
	if err := db.write.PingContext(ctx); err != nil {
		return db.openError(err)
	}
	if err := db.check(ctx); err != nil {
		return err
	}
	return db.migrate(ctx)
}

// check runs PRAGMA integrity_check, which also matches every index against
// its table. It reads the whole file, which retention keeps small on a busy
// kiosk (BenchmarkLedgerBytes and BenchmarkReportYear measure the size and
// the time; BENCHMARKS.md).
func (db *DB) check(ctx context.Context) error {
	rows, err := db.write.QueryContext(ctx, "PRAGMA integrity_check(10)")
	if err != nil {
		return db.openError(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return db.openError(err)
		}
		if s == "ok" {
			continue
		}
		// A row may hold several lines, the first naming the schema
		// ("*** in database main ***"); keep the problems, on one line for
		// the log.
		n := len(problems)
		for _, line := range strings.Split(s, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "***") {
				problems = append(problems, line)
			}
		}
		if len(problems) == n {
			problems = append(problems, strings.TrimSpace(s))
		}
	}
	if err := rows.Err(); err != nil {
		return db.openError(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s: integrity_check: %s", ErrCorrupt, db.path, strings.Join(problems, "; "))
	}
	return nil
}

// openError prefixes err with the path and puts ErrCorrupt in the chain when
// SQLite says the file is not a database or is malformed.
func (db *DB) openError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		// Extended result codes are on; the primary code is the low byte.
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("%w: %s: %w", ErrCorrupt, db.path, err)
		}
	}
	return fmt.Errorf("storage: open %s: %w", db.path, err)
}

// migrate applies, in name order, each embedded migration not yet recorded in
// the migrations table, each in its own transaction with its record, so that a
// power cut leaves every migration either wholly applied and recorded or not
// at all. Recorded names with no embedded file are left alone: they come from
// a newer firmware that was rolled back, and its additions are harmless to an
// older one.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return db.openError(fmt.Errorf("migrations table: %w", err))
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("storage: migrate %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n != 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`,
		name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the database. The last connection to close checkpoints the
// WAL into the main file and removes it.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("storage: close %s: %w", db.path, err)
	}
	return nil
}

// Setting returns the value stored under key and whether there is one.
func (db *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	var value string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("storage: setting %q: %w", key, err)
	}
	return value, true, nil
}

// SetSetting stores value under key, replacing any earlier value. It returns
// once the value is on disk, so a lockout set just before a reboot holds.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if key == "" {
		return firmware.Errorf(firmware.EINVALID, "storage: setting key required")
	}
	if _, err := db.write.ExecContext(ctx, `
		INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("storage: set setting %q: %w", key, err)
	}
	return nil
}
