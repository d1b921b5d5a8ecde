package storage

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

func TestCatalogSaveLoadTouch(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			c := NewCatalog(mustOpen(t, o.path(t)))
			if got, err := c.Load(ctx); err != nil || len(got.Procedures) != 0 || !got.SyncedAt.IsZero() {
				t.Fatalf("empty load = %+v, %v", got, err)
			}
			if err := c.Touch(ctx, `"x"`, time.Now()); firmware.ErrorCode(err) != firmware.ENOTFOUND {
				t.Fatalf("touch with nothing stored: %v", err)
			}
			asOf := time.Date(2024, 11, 1, 1, 0, 0, 0, time.UTC)
			synced := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
			procs := []firmware.Procedure{
				{Code: "2.1", Name: "B", Field: "F", Level: firmware.LevelFull, Documents: []string{"x", "y"}, FeeVND: 8000, OnlineURL: "https://a"},
				{Code: "1.1", Name: "A", Field: "F", Level: firmware.LevelInfo},
			}
			if err := c.Save(ctx, firmware.Catalog{Procedures: procs, AsOf: asOf, ETag: `"e1"`, SyncedAt: synced}); err != nil {
				t.Fatal(err)
			}
			got, err := c.Load(ctx)
			if err != nil || len(got.Procedures) != 2 || got.Procedures[0].Code != "2.1" || got.Procedures[0].Documents[1] != "y" ||
				got.Procedures[0].FeeVND != 8000 || !got.AsOf.Equal(asOf) || got.ETag != `"e1"` || !got.SyncedAt.Equal(synced) {
				t.Fatalf("load = %+v, %v", got, err)
			}
			if err := c.Touch(ctx, `"e2"`, synced.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if got, _ := c.Load(ctx); got.ETag != `"e2"` || !got.SyncedAt.Equal(synced.Add(time.Hour)) || len(got.Procedures) != 2 {
				t.Fatalf("after touch = %+v", got)
			}
			// A bad catalog changes nothing.
			bad := append(procs, procs[0])
			if err := c.Save(ctx, firmware.Catalog{Procedures: bad, AsOf: asOf}); firmware.ErrorCode(err) != firmware.EINVALID {
				t.Fatalf("duplicate codes: %v", err)
			}
			if got, _ := c.Load(ctx); len(got.Procedures) != 2 {
				t.Fatal("a refused save changed the catalog")
			}
		})
	}
}

// TestCatalogAcrossRestart syncs the catalog, restarts with the portal down
// and still has it; then revalidates with a 304.
func TestCatalogAcrossRestart(t *testing.T) {
	ctx := context.Background()
	sim := portalsim.New(nil)
	srv := httptest.NewServer(sim)
	defer srv.Close()
	path := tempPath(t)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	k := citizenKiosk(t, db, srv.URL, time.Now)
	if err := k.Citizen.SyncCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	n := len(k.Citizen.Catalog().Procedures)
	db.Close()

	sim.SetFault(portalsim.Down)
	db = mustOpen(t, path)
	k = citizenKiosk(t, db, srv.URL, time.Now)
	if err := k.Citizen.LoadCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if err := k.Citizen.SyncCatalog(ctx); err == nil {
		t.Fatal("synced with the portal down")
	}
	c := k.Citizen.Catalog()
	if len(c.Procedures) != n || n < 200 || c.ETag == "" {
		t.Fatalf("after restart: %d of %d procedures, etag %q", len(c.Procedures), n, c.ETag)
	}
	sim.SetFault(portalsim.None)
	if err := k.Citizen.SyncCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if len(k.Citizen.Catalog().Procedures) != n {
		t.Error("the 304 lost procedures")
	}
}
