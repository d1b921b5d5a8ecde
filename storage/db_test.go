package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// mustOpen opens path and closes it when the test ends.
func mustOpen(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// tempPath is a database path in a directory that does not exist yet, so
// every test also exercises Open's creation of it.
func tempPath(tb testing.TB) string {
	return filepath.Join(tb.TempDir(), "data", "kiosk.db")
}

// openers run a test on a temp file and on ":memory:", as STYLE §8 asks.
var openers = []struct {
	name string
	path func(testing.TB) string
}{
	{"file", tempPath},
	{"memory", func(testing.TB) string { return MemoryPath }},
}

func pragma(t *testing.T, db *sql.DB, name string) string {
	t.Helper()
	var v string
	if err := db.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestOpen_File(t *testing.T) {
	path := tempPath(t)
	db := mustOpen(t, path)

	// The writer is the connection whose settings decide durability; the
	// readers must see WAL too, or they would block the writer.
	for _, c := range []struct {
		name string
		db   *sql.DB
	}{{"write", db.write}, {"read", db.read}} {
		if got := pragma(t, c.db, "journal_mode"); got != "wal" {
			t.Errorf("%s: journal_mode = %q, want wal", c.name, got)
		}
		if got := pragma(t, c.db, "busy_timeout"); got != "5000" {
			t.Errorf("%s: busy_timeout = %q, want 5000", c.name, got)
		}
		if got := pragma(t, c.db, "foreign_keys"); got != "1" {
			t.Errorf("%s: foreign_keys = %q, want 1", c.name, got)
		}
	}
	if got := pragma(t, db.write, "synchronous"); got != "2" { // 2 is FULL
		t.Errorf("synchronous = %q, want 2 (FULL)", got)
	}
	if got := pragma(t, db.read, "query_only"); got != "1" {
		t.Errorf("read pool: query_only = %q, want 1", got)
	}
	if _, err := db.read.Exec(`INSERT INTO settings (key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("read pool accepted a write")
	}

	if fi, err := os.Stat(filepath.Dir(path)); err != nil {
		t.Fatal(err)
	} else if fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode = %v, want 0700", fi.Mode().Perm())
	}
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err != nil {
			t.Fatal(err)
		} else if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode = %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

func TestOpen_Memory(t *testing.T) {
	db := mustOpen(t, MemoryPath)
	if got := pragma(t, db.write, "journal_mode"); got != "memory" {
		t.Errorf("journal_mode = %q, want memory", got)
	}
	// A second connection would be a second, empty database: a write and a
	// read must meet.
	ctx := context.Background()
	if err := db.SetSetting(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := db.Setting(ctx, "k"); err != nil || !ok || v != "v" {
		t.Fatalf("Setting = %q, %v, %v; want v, true, nil", v, ok, err)
	}
}

// A path with the characters a URI gives meaning to must still name a file,
// not a file plus parameters.
func TestOpen_PathNeedsEscaping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a?b#c%d e", "dữ liệu", "kiosk.db")
	mustOpen(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestOpen_EmptyPath(t *testing.T) {
	if _, err := Open(context.Background(), ""); err == nil || !strings.HasPrefix(err.Error(), "storage: ") {
		t.Fatalf("err = %v, want a storage error", err)
	}
}

func migrationRows(t *testing.T, db *DB) map[string]string {
	t.Helper()
	rows, err := db.read.Query(`SELECT name, applied_at FROM migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var name, at string
		if err := rows.Scan(&name, &at); err != nil {
			t.Fatal(err)
		}
		m[name] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOpen_Reopen(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first := migrationRows(t, db)
	files, _ := filepath.Glob("migrations/*.sql")
	if len(first) != len(files) || len(files) < 2 {
		t.Fatalf("migrations recorded = %v, files = %v", first, files)
	}
	for name, at := range first {
		if _, err := time.Parse(time.RFC3339, at); err != nil {
			t.Errorf("%s applied_at %q: %v", name, at, err)
		}
	}
	if err := NewLedger(db).Append(ctx, event(firmware.KindLookup, "ok", day(0, 9), ref("1"))); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "staff.locked_until", "2024-11-05T10:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// The migrations create their tables without IF NOT EXISTS, so a second
	// run would fail the open; the records must also be untouched.
	db = mustOpen(t, path)
	db.Now = func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
	if again := migrationRows(t, db); !equalMaps(first, again) {
		t.Errorf("migrations after reopen = %v, want %v", again, first)
	}
	events, err := NewLedger(db).Events(ctx, day(0, 0), day(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].CodeRef != ref("1") {
		t.Errorf("events after reopen = %+v, want the one appended", events)
	}
	if v, ok, err := db.Setting(ctx, "staff.locked_until"); err != nil || !ok || v != "2024-11-05T10:00:00Z" {
		t.Errorf("setting after reopen = %q, %v, %v", v, ok, err)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestOpen_NotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	junk := make([]byte, 8192)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}

	db, err := Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open accepted random bytes")
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("err = %v, want ErrCorrupt in its chain", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "storage: ") || !strings.Contains(msg, path) || !strings.Contains(msg, "not a database") {
		t.Errorf("err = %q, want it to start with storage:, name the file and say it is not a database", msg)
	}
	t.Log(msg)

	// The file might be someone's data put in the wrong place: refusing it
	// must not change it.
	if got, err := os.ReadFile(path); err != nil {
		t.Fatal(err)
	} else if !bytes.Equal(got, junk) {
		t.Error("Open changed the file it refused")
	}
}

func TestOpen_Damaged(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// Enough rows for a table and index of many pages, in one transaction
	// to keep the test fast.
	tx, err := db.write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		if _, err := tx.Exec(`INSERT INTO usage_events (kind, outcome, at_unix_ms, code_ref) VALUES ('lookup', 'ok', ?, ?)`,
			day(0, 8).UnixMilli()+int64(i), ref(strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var pageSize, pages int
	if err := db.write.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := db.write.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil { // checkpoints everything into the main file
		t.Fatal(err)
	}
	if pages < 20 {
		t.Fatalf("only %d pages", pages)
	}

	// Overwrite a page in the middle of the file, as a failing SD card might.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := bytes.Repeat([]byte{0xA5}, pageSize)
	if _, err := f.WriteAt(garbage, int64(pages/2)*int64(pageSize)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(ctx, path)
	if err == nil {
		db.Close()
		t.Fatal("Open accepted a damaged file")
	}
	if !errors.Is(err, ErrCorrupt) || !strings.HasPrefix(err.Error(), "storage: ") {
		t.Errorf("err = %v, want a storage error wrapping ErrCorrupt", err)
	}
	t.Log(err)
}

func TestSettings(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t, o.path(t))
			if v, ok, err := db.Setting(ctx, "missing"); err != nil || ok || v != "" {
				t.Errorf("Setting(missing) = %q, %v, %v; want \"\", false, nil", v, ok, err)
			}
			for _, v := range []string{"3", "4", ""} {
				if err := db.SetSetting(ctx, "staff.failures", v); err != nil {
					t.Fatal(err)
				}
				if got, ok, err := db.Setting(ctx, "staff.failures"); err != nil || !ok || got != v {
					t.Errorf("Setting = %q, %v, %v; want %q, true, nil", got, ok, err, v)
				}
			}
			if err := db.SetSetting(ctx, "", "x"); firmware.ErrorCode(err) != firmware.EINVALID {
				t.Errorf("SetSetting with empty key: %v, want EINVALID", err)
			}
		})
	}
}
