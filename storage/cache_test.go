package storage

import (
	"bytes"
	"context"
	"database/sql"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

func TestCachePutGetPurge(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			c := NewCache(mustOpen(t, o.path(t)))
			ref := strings.Repeat("ab", 32)
			at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
			if _, ok, err := c.Get(ctx, ref); ok || err != nil {
				t.Fatalf("empty cache: %v %v", ok, err)
			}
			e := firmware.CachedDossier{Ref: ref, Sealed: []byte{1, 2, 3}, NeedsSecret: true, StoredAt: at}
			if err := c.Put(ctx, e); err != nil {
				t.Fatal(err)
			}
			e.Sealed, e.StoredAt = []byte{4, 5}, at.Add(time.Hour)
			if err := c.Put(ctx, e); err != nil { // replaces
				t.Fatal(err)
			}
			got, ok, err := c.Get(ctx, ref)
			if !ok || err != nil || !bytes.Equal(got.Sealed, []byte{4, 5}) || !got.NeedsSecret || !got.StoredAt.Equal(e.StoredAt) {
				t.Fatalf("get = %+v %v %v", got, ok, err)
			}
			for _, bad := range []firmware.CachedDossier{
				{Ref: "000.00.13.H06-241105-0042", Sealed: []byte{1}, StoredAt: at},
				{Ref: ref, StoredAt: at},
				{Ref: ref, Sealed: []byte{1}},
			} {
				if err := c.Put(ctx, bad); firmware.ErrorCode(err) != firmware.EINVALID {
					t.Errorf("put %+v: %v", bad, err)
				}
			}
			// The table refuses a plain code even from a writer that skips Validate.
			if _, err := c.db.write.ExecContext(ctx, `INSERT INTO dossier_cache VALUES ('000.00.13.H06-241105-0042', x'00', 0, 0)`); err == nil {
				t.Error("the table took a plain code as ref")
			}
			if n, err := c.Purge(ctx, at.Add(30*time.Minute)); n != 0 || err != nil {
				t.Fatalf("purge young: %d %v", n, err)
			}
			if n, err := c.Purge(ctx, at.Add(2*time.Hour)); n != 1 || err != nil {
				t.Fatalf("purge old: %d %v", n, err)
			}
			if err := c.Delete(ctx, ref); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// citizenKiosk is a kiosk with its cache and rating queue in the database
// at path, on a simulator, as the main package wires it.
func citizenKiosk(t *testing.T, db *DB, srvURL string, now func() time.Time) *kiosk.Kiosk {
	t.Helper()
	c, err := portal.New(srvURL, &portal.Opts{KioskID: "kiosk-1", LookupTimeout: time.Second, SyncTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	k, err := kiosk.New(kiosk.Config{
		Portal:  c,
		Ledger:  NewLedger(db),
		HashKey: []byte("device key of at least 16 bytes, from the secrets file"),
		Cache:   NewCache(db),
		Catalog: NewCatalog(db),
		Ratings: NewRatings(db),
		Clock:   fixedClock{now},
	})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type fixedClock struct{ now func() time.Time }

func (c fixedClock) Now() time.Time           { return c.now() }
func (c fixedClock) SinceBoot() time.Duration { return time.Minute }
func (c fixedClock) BootID() string           { return "boot" }
func (c fixedClock) Synced() bool             { return true }

// TestCacheAcrossRestart looks dossiers up with the portal up, restarts the
// kiosk with the portal down, and gets the answers from the cache, but for
// those behind a receipt's secret; the database file holds neither the
// codes nor the applicants' names.
func TestCacheAcrossRestart(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	sim := portalsim.New(&portalsim.Opts{Now: func() time.Time { return now }})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	path := tempPath(t)

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	k := citizenKiosk(t, db, srv.URL, func() time.Time { return now })
	var names []string
	for _, d := range portalsim.DemoDossiers() {
		r, err := k.Citizen.Find(ctx, d.Code, d.Secret, "vi")
		if err != nil {
			t.Fatalf("%s: %v", d.Code, err)
		}
		names = append(names, r.Dossier.Applicant.Name)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	raw := readAll(t, filepath.Dir(path))
	for _, d := range portalsim.DemoDossiers() {
		if bytes.Contains(raw, []byte(d.Code)) {
			t.Errorf("the database shows code %s", d.Code)
		}
	}
	for _, n := range names {
		for _, w := range []string{n, strings.Fields(n)[len(strings.Fields(n))-1] + "\x22"} {
			if bytes.Contains(raw, []byte(w)) {
				t.Errorf("the database shows the name %q", w)
			}
		}
	}

	sim.SetFault(portalsim.Down)
	db = mustOpen(t, path)
	k = citizenKiosk(t, db, srv.URL, func() time.Time { return now.Add(time.Hour) })
	for _, d := range portalsim.DemoDossiers() {
		if d.Secret != "" {
			// An answer behind the receipt's secret is never cached.
			if _, err := k.Citizen.Find(ctx, d.Code, d.Secret, "vi"); firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
				t.Errorf("%s offline with its secret: %v, want the portal's error", d.Code, err)
			}
			continue
		}
		r, err := k.Citizen.Find(ctx, d.Code, d.Secret, "en")
		if err != nil {
			t.Fatalf("%s offline: %v", d.Code, err)
		}
		if !r.Offline || r.Reason != firmware.EUNAVAILABLE || r.AsOf.UnixMilli() != now.UnixMilli() || r.Dossier.Code != d.Code {
			t.Errorf("%s offline: %+v", d.Code, r)
		}
	}
}

// readAll returns every file of dir (the database and its WAL) joined.
func readAll(t *testing.T, dir string) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// A deleted cache entry leaves no trace of its bytes in the database file
// (PRAGMA secure_delete), once the WAL is checkpointed into it.
func TestCache_DeletedBytesAreGone(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	db := mustOpen(t, path)
	c := NewCache(db)
	marker := bytes.Repeat([]byte("SEALED-ANSWER-MARKER"), 50)
	ref := strings.Repeat("c3", 32)
	if err := c.Put(ctx, firmware.CachedDossier{Ref: ref, Sealed: marker, StoredAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	checkpoint := func() []byte {
		t.Helper()
		if _, err := db.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Contains(checkpoint(), marker[:20]) {
		t.Fatal("the entry is not in the file: the test sees nothing")
	}
	if err := c.Delete(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(checkpoint(), marker[:20]) {
		t.Error("a deleted entry's bytes are still in the database file")
	}
	for _, conn := range []*sql.DB{db.write, db.read} {
		if v := pragma(t, conn, "secure_delete"); v != "1" {
			t.Errorf("PRAGMA secure_delete = %s, want 1", v)
		}
	}
}
