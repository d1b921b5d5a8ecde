package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Cache is the offline dossier cache in the dossier_cache table. It stores
// what the kiosk hands it, already sealed: it never sees a code or a name.
type Cache struct {
	db *DB
}

var _ firmware.DossierCache = (*Cache)(nil)

// NewCache returns the cache kept in db.
func NewCache(db *DB) *Cache { return &Cache{db: db} }

// Put stores c, replacing the entry with the same Ref.
func (c *Cache) Put(ctx context.Context, e firmware.CachedDossier) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if _, err := c.db.write.ExecContext(ctx, `
		INSERT INTO dossier_cache (ref, sealed, needs_secret, stored_unix_ms) VALUES (?, ?, ?, ?)
		ON CONFLICT (ref) DO UPDATE SET sealed = excluded.sealed, needs_secret = excluded.needs_secret,
			stored_unix_ms = excluded.stored_unix_ms`,
		e.Ref, e.Sealed, boolInt(e.NeedsSecret), e.StoredAt.UnixMilli()); err != nil {
		return diskError("cache put", err)
	}
	return nil
}

// Get returns the entry filed under ref and whether there is one.
func (c *Cache) Get(ctx context.Context, ref string) (firmware.CachedDossier, bool, error) {
	e := firmware.CachedDossier{Ref: ref}
	var secret int
	var at int64
	err := c.db.read.QueryRowContext(ctx,
		`SELECT sealed, needs_secret, stored_unix_ms FROM dossier_cache WHERE ref = ?`, ref).
		Scan(&e.Sealed, &secret, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return firmware.CachedDossier{}, false, nil
	} else if err != nil {
		return firmware.CachedDossier{}, false, diskError("cache get", err)
	}
	e.NeedsSecret = secret != 0
	e.StoredAt = time.UnixMilli(at).UTC()
	return e, true, nil
}

// Delete removes the entry filed under ref, if any.
func (c *Cache) Delete(ctx context.Context, ref string) error {
	if _, err := c.db.write.ExecContext(ctx, `DELETE FROM dossier_cache WHERE ref = ?`, ref); err != nil {
		return diskError("cache delete", err)
	}
	return nil
}

// Purge removes the entries stored before before and returns how many.
func (c *Cache) Purge(ctx context.Context, before time.Time) (int, error) {
	res, err := c.db.write.ExecContext(ctx, `DELETE FROM dossier_cache WHERE stored_unix_ms < ?`, before.UnixMilli())
	if err != nil {
		return 0, diskError("cache purge", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
