package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// fill inserts n lookups in one transaction, enough for tables and indexes
// of many pages.
func fill(t *testing.T, db *DB, n int) {
	t.Helper()
	tx, err := db.write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := tx.Exec(`INSERT INTO usage_events (kind, outcome, at_unix_ms, code_ref) VALUES ('lookup', 'ok', ?, ?)`,
			day(0, 8).UnixMilli()+int64(i), ref(strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// damagePage writes garbage over a page of the file at path, as a failing
// SD card might.
func damagePage(t *testing.T, path string, pageSize, page int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, int(pageSize)), page*pageSize); err != nil {
		t.Fatal(err)
	}
}

// damage fills a database at path, closes it and damages a page in the
// middle.
func damage(t *testing.T, path string) {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, db, 3000)
	var pageSize, pages int64
	db.write.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	db.write.QueryRow(`PRAGMA page_count`).Scan(&pages)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	damagePage(t, path, pageSize, pages/2)
}

func TestOpenOrRecover_Damaged(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	damage(t, path)
	damaged, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	db, rec, err := OpenOrRecover(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if rec == nil || rec.At.IsZero() || !strings.Contains(rec.Reason, path) ||
		!strings.HasPrefix(rec.MovedTo, path+".corrupt-") {
		t.Fatalf("recovery = %+v", rec)
	}
	t.Logf("recovery: %+v", *rec)
	// Kept, byte for byte, not deleted.
	if moved, err := os.ReadFile(rec.MovedTo); err != nil || !bytes.Equal(moved, damaged) {
		t.Errorf("moved file differs from the damaged one (%v)", err)
	}
	if fi, err := os.Stat(rec.MovedTo); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("moved file: %v, %v", fi, err)
	}
	// A new, empty, working database in its place.
	l := NewLedger(db)
	if events := allEvents(t, l); len(events) != 0 {
		t.Errorf("new database holds %d events", len(events))
	}
	if err := l.Append(ctx, event(firmware.KindStaff, "ok", day(0, 9), "")); err != nil {
		t.Fatal(err)
	}
	if got := db.Recovery(); got == nil || *got != *rec {
		t.Errorf("Recovery() = %+v, want %+v", got, rec)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Staff see it after a restart, until they dismiss it.
	db, rec2, err := OpenOrRecover(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if rec2 != nil {
		t.Errorf("second open recovered again: %+v", rec2)
	}
	if got := db.Recovery(); got == nil || *got != *rec {
		t.Errorf("Recovery() after restart = %+v, want %+v", got, rec)
	}
	w := NewWriter(NewLedger(db), nil)
	if st := w.LedgerState(); st.Alert != firmware.LedgerRecovered {
		t.Errorf("LedgerState after restart = %+v, want recovered", st)
	}
	if err := w.DismissRecovery(ctx); err != nil {
		t.Fatal(err)
	}
	closeWriter(t, w)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpen(t, path)
	if got := db.Recovery(); got != nil {
		t.Errorf("Recovery() after dismissal and restart = %+v", got)
	}
}

func TestOpenOrRecover_NotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	junk := bytes.Repeat([]byte("not a database "), 1000)
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	db, rec, err := OpenOrRecover(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rec == nil {
		t.Fatal("no recovery")
	}
	if got, err := os.ReadFile(rec.MovedTo); err != nil || !bytes.Equal(got, junk) {
		t.Errorf("moved file: %v", err)
	}
}

// The commits in a damaged file's WAL are kept with it: the open that finds
// the damage folds the WAL into the file as it closes, or, when it cannot,
// the WAL moves with the file. Left beside the new file, SQLite would
// replay the old pages into the new database.
func TestOpenOrRecover_MovesTheWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	// Many rows checkpointed into the main file, then recent commits that
	// stay in the WAL; the files are copied while open, as a kill leaves
	// them, and a page of the main file goes bad.
	live := filepath.Join(dir, "live", "kiosk.db")
	db := mustOpen(t, live)
	fill(t, db, 3000)
	if _, err := db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	l := NewLedger(db)
	for i := range 50 {
		if err := l.Append(ctx, event(firmware.KindStaff, "ok", day(1, 9).Add(time.Duration(i)), "")); err != nil {
			t.Fatal(err)
		}
	}
	var pageSize, pages int64
	db.write.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	db.write.QueryRow(`PRAGMA page_count`).Scan(&pages)
	path := filepath.Join(dir, "kiosk.db")
	copyFile(t, live, path)
	copyFile(t, live+"-wal", path+"-wal")
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no WAL to move: %v", err)
	}
	damagePage(t, path, pageSize, pages/2)

	db2, rec, err := OpenOrRecover(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if rec == nil {
		t.Fatal("no recovery")
	}
	moved, err := os.ReadFile(rec.MovedTo)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(rec.MovedTo + "-wal"); err == nil {
		moved = append(moved, wal...)
	}
	// The 50 recent events, and their index entries, are the only rows
	// of kind staff.
	if n := bytes.Count(moved, []byte("staff")); n < 50 {
		t.Errorf("the recent commits are not in the moved files (%d rows of kind staff)", n)
	}

	if events := allEvents(t, NewLedger(db2)); len(events) != 0 {
		t.Errorf("the new database holds %d events from the old WAL", len(events))
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenOrRecover_Sound(t *testing.T) {
	path := tempPath(t)
	db, rec, err := OpenOrRecover(context.Background(), path)
	if err != nil || rec != nil {
		t.Fatalf("OpenOrRecover of a new file = %+v, %v", rec, err)
	}
	db.Close()
	matches, _ := filepath.Glob(path + ".corrupt-*")
	if len(matches) != 0 {
		t.Errorf("moved aside: %v", matches)
	}
}

// A failure that is not damage is returned, and nothing is moved.
func TestOpenOrRecover_OtherError(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := OpenOrRecover(context.Background(), filepath.Join(file, "kiosk.db")) // a file as directory
	if err == nil || errors.Is(err, ErrCorrupt) {
		t.Errorf("err = %v, want a plain open error", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory now holds %v", entries)
	}
}

func TestMoveAside_FreeName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	at := day(0, 9)
	var names []string
	for i := range 3 {
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			for _, suffix := range []string{"-wal", "-shm"} {
				if err := os.WriteFile(path+suffix, []byte(suffix), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		name, err := moveAside(path, at.UTC())
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(name))
	}
	want := []string{"kiosk.db.corrupt-20241104T020000Z", "kiosk.db.corrupt-20241104T020000Z-2", "kiosk.db.corrupt-20241104T020000Z-3"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("names = %v, want %v", names, want)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if b, err := os.ReadFile(filepath.Join(dir, want[0]+suffix)); err != nil || string(b) != suffix {
			t.Errorf("%s not moved with the file: %q, %v", suffix, b, err)
		}
		if _, err := os.Stat(path + suffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still beside the path: %v", suffix, err)
		}
	}
}
