package firmware

import (
	"context"
	"time"
)

// Catalog is the procedure catalog as the kiosk holds it: the portal's list,
// the portal's date for it, the ETag to revalidate it with, and when the
// kiosk last heard from the portal about it.
type Catalog struct {
	Procedures []Procedure
	AsOf       time.Time // the portal's as_of
	ETag       string    // "" when the portal sent none
	SyncedAt   time.Time // last 200 or 304; zero: never synced
}

// Procedure returns the procedure with the given code.
func (c *Catalog) Procedure(code string) (Procedure, bool) {
	for _, p := range c.Procedures {
		if p.Code == code {
			return p, true
		}
	}
	return Procedure{}, false
}

// CatalogSource is the portal's catalog, GET /v1/procedures (DESIGN §5).
// portal.Client implements it.
type CatalogSource interface {
	// Procedures fetches the catalog; with a non-empty etag the portal may
	// answer notModified. Failures carry the Portal's error codes.
	Procedures(ctx context.Context, etag string) (procs []Procedure, asOf time.Time, newETag string, notModified bool, err error)
}

// CatalogStore keeps the last synced catalog, so procedures can be browsed
// with the portal down and after a restart.
type CatalogStore interface {
	// Load returns the stored catalog; an empty Catalog when none was saved.
	Load(ctx context.Context) (Catalog, error)
	// Save replaces the stored catalog with c, in one transaction.
	Save(ctx context.Context, c Catalog) error
	// Touch records a 304: the stored procedures still stand, under etag,
	// as of syncedAt.
	Touch(ctx context.Context, etag string, syncedAt time.Time) error
}
