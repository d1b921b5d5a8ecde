package memstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/memstore"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
)

func TestCache(t *testing.T) {
	var c memstore.Cache // the zero value works
	a := firmware.CachedDossier{Ref: strings.Repeat("a", 64), Sealed: []byte("sealed a"), StoredAt: t0}
	b := firmware.CachedDossier{Ref: strings.Repeat("b", 64), Sealed: []byte("sealed b"), StoredAt: t0.Add(time.Hour)}
	for _, e := range []firmware.CachedDossier{a, b} {
		if err := c.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Put(ctx, firmware.CachedDossier{Ref: "000.00.13.H06-241105-0042", Sealed: []byte("x"), StoredAt: t0}); firmware.ErrorCode(err) != firmware.EINVALID {
		t.Errorf("a plain code as a ref: %v, want EINVALID", err)
	}
	a.Sealed[0] = 'X' // the store keeps its own copy
	if got, ok, err := c.Get(ctx, a.Ref); err != nil || !ok || string(got.Sealed) != "sealed a" {
		t.Errorf("get a: %q, %v, %v", got.Sealed, ok, err)
	}
	if n, err := c.Purge(ctx, t0.Add(time.Minute)); err != nil || n != 1 {
		t.Errorf("purge: %d, %v; want 1", n, err)
	}
	if _, ok, _ := c.Get(ctx, a.Ref); ok {
		t.Error("a purged entry is still there")
	}
	if err := c.Delete(ctx, b.Ref); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := c.Get(ctx, b.Ref); ok {
		t.Error("a deleted entry is still there")
	}
}

func TestCatalog(t *testing.T) {
	c := memstore.NewCatalog()
	if err := c.Touch(ctx, `"v1"`, t0); firmware.ErrorCode(err) != firmware.ENOTFOUND {
		t.Errorf("touch before save: %v, want ENOTFOUND", err)
	}
	cat := firmware.Catalog{Procedures: []firmware.Procedure{{Code: "1.001193"}}, ETag: `"v1"`, SyncedAt: t0}
	if err := c.Save(ctx, cat); err != nil {
		t.Fatal(err)
	}
	if err := c.Touch(ctx, `"v2"`, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := c.Load(ctx)
	if err != nil || len(got.Procedures) != 1 || got.ETag != `"v2"` || !got.SyncedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("load: %+v, %v", got, err)
	}
}

func TestRatings(t *testing.T) {
	q := memstore.NewRatings()
	var ids []int64
	for i := range 3 {
		id, err := q.Enqueue(ctx, firmware.RatingRecord{At: t0.Add(time.Duration(i) * time.Second), Score: firmware.RatingHappy, Lang: "vi"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := q.Enqueue(ctx, firmware.RatingRecord{At: t0, Score: 9}); firmware.ErrorCode(err) != firmware.EINVALID {
		t.Errorf("a bad score: %v, want EINVALID", err)
	}
	if err := q.MarkFailed(ctx, ids[0], firmware.EUNAVAILABLE); err != nil {
		t.Fatal(err)
	}
	if err := q.MarkSent(ctx, ids[1], t0); err != nil {
		t.Fatal(err)
	}
	p, err := q.Pending(ctx, 0)
	if err != nil || len(p) != 2 || p[0].ID != ids[2] || p[1].ID != ids[0] || p[1].Attempts != 1 || p[1].LastError != firmware.EUNAVAILABLE {
		t.Errorf("pending %+v, %v; want the untried one first, then the failed one", p, err)
	}
	if p, _ := q.Pending(ctx, 1); len(p) != 1 {
		t.Errorf("limit 1 gave %d", len(p))
	}
}

func TestSettings(t *testing.T) {
	seed := map[string]string{"a": "1"}
	s := memstore.NewSettings(seed)
	seed["a"] = "changed"
	if v, ok, err := s.Setting(ctx, "a"); err != nil || !ok || v != "1" {
		t.Errorf("a = %q, %v, %v; want the copy's 1", v, ok, err)
	}
	if err := s.SetSetting(ctx, "b", "2"); err != nil {
		t.Fatal(err)
	}
	vals := s.Values()
	vals["b"] = "changed"
	if v, _, _ := s.Setting(ctx, "b"); v != "2" {
		t.Errorf("b = %q after changing a copy", v)
	}
	if _, ok, _ := s.Setting(ctx, "c"); ok {
		t.Error("an unset key is set")
	}
	var zero memstore.Settings
	if err := zero.SetSetting(ctx, "x", "y"); err != nil {
		t.Fatal(err)
	}
}
