package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// recoveryKey is the setting that keeps a recovery until staff dismiss it.
const recoveryKey = "storage.recovery"

// OpenOrRecover opens the database at path like Open. When Open finds the
// file damaged or not a database (ErrCorrupt), it moves the file aside to
// path.corrupt-<UTC time>, kept and not deleted, opens a new, empty
// database at path and records the recovery in it so that staff see it,
// across restarts, until they dismiss it (DB.DismissRecovery). The
// returned recovery is nil when the file was sound.
//
// Commits still in the damaged file's WAL stay with it: the failed open
// folds them into the file as its connection closes, as SQLite does, or,
// when it cannot, the -wal (and -shm) move with the file.
//
// Other failures, such as a directory that cannot be written, are returned
// as they are: a new database would fail the same way.
func OpenOrRecover(ctx context.Context, path string) (*DB, *firmware.LedgerRecovery, error) {
	db, err := Open(ctx, path)
	if err == nil || !errors.Is(err, ErrCorrupt) || path == MemoryPath {
		return db, nil, err
	}
	damage := err
	at := time.Now().UTC().Truncate(time.Second)
	moved, err := moveAside(path, at)
	if err != nil {
		return nil, nil, fmt.Errorf("storage: recover %s: %w (the file is damaged: %w)", path, err, damage)
	}
	if db, err = Open(ctx, path); err != nil {
		return nil, nil, fmt.Errorf("storage: recover %s: new database: %w", path, err)
	}
	rec := &firmware.LedgerRecovery{At: at, MovedTo: moved, Reason: damage.Error()}
	if err := db.setRecovery(ctx, rec); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, rec, nil
}

// moveAside renames path and the files SQLite keeps beside it to a free
// name path.corrupt-<at>[-N], and returns the new name of path. The -wal
// goes first: a new database that found the old WAL beside it would replay
// the old pages into itself.
func moveAside(path string, at time.Time) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	base := abs + ".corrupt-" + at.Format("20060102T150405Z")
	dest := base
	for n := 2; ; n++ {
		if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
			break
		} else if err != nil {
			return "", err
		}
		dest = base + "-" + strconv.Itoa(n)
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal", ""} {
		err := os.Rename(abs+suffix, dest+suffix)
		if err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
			return "", fmt.Errorf("move aside: %w", err)
		}
	}
	// The renames must outlive a power cut as the new file will.
	if d, err := os.Open(filepath.Dir(abs)); err == nil {
		d.Sync()
		d.Close()
	}
	return dest, nil
}

type recoveryJSON struct {
	At      time.Time `json:"at"`
	MovedTo string    `json:"moved_to"`
	Reason  string    `json:"reason"`
}

func (db *DB) setRecovery(ctx context.Context, rec *firmware.LedgerRecovery) error {
	buf, err := json.Marshal(recoveryJSON(*rec))
	if err != nil {
		return fmt.Errorf("storage: recovery: %w", err)
	}
	if err := db.SetSetting(ctx, recoveryKey, string(buf)); err != nil {
		return err
	}
	db.mu.Lock()
	db.recovery = rec
	db.mu.Unlock()
	return nil
}

func (db *DB) loadRecovery(ctx context.Context) error {
	v, ok, err := db.Setting(ctx, recoveryKey)
	if err != nil || !ok {
		return err
	}
	var r recoveryJSON
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		// Still a recovery staff should hear of, if not its details.
		r = recoveryJSON{Reason: "unreadable record: " + v}
	}
	rec := firmware.LedgerRecovery(r)
	db.mu.Lock()
	db.recovery = &rec
	db.mu.Unlock()
	return nil
}

// Recovery returns the recovery that OpenOrRecover made of this database's
// file and staff have not dismissed yet, or nil.
func (db *DB) Recovery() *firmware.LedgerRecovery {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.recovery == nil {
		return nil
	}
	rec := *db.recovery
	return &rec
}

// DismissRecovery forgets the recovery once staff have seen it. The moved
// file stays where it is.
func (db *DB) DismissRecovery(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, recoveryKey); err != nil {
		return fmt.Errorf("storage: dismiss recovery: %w", err)
	}
	db.mu.Lock()
	db.recovery = nil
	db.mu.Unlock()
	return nil
}
