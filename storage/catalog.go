package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Catalog is the procedure catalog in the catalog_procedures and
// catalog_meta tables.
type Catalog struct {
	db *DB
}

var _ firmware.CatalogStore = (*Catalog)(nil)

// NewCatalog returns the catalog kept in db.
func NewCatalog(db *DB) *Catalog { return &Catalog{db: db} }

// Load returns the stored catalog, in the portal's order; an empty Catalog
// when none was saved. Times come back in UTC, to the millisecond.
func (c *Catalog) Load(ctx context.Context) (firmware.Catalog, error) {
	tx, err := c.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return firmware.Catalog{}, diskError("catalog load", err)
	}
	defer tx.Rollback()
	var out firmware.Catalog
	var asOf, synced int64
	err = tx.QueryRowContext(ctx, `SELECT as_of_unix_ms, etag, synced_unix_ms FROM catalog_meta WHERE id = 1`).
		Scan(&asOf, &out.ETag, &synced)
	if errors.Is(err, sql.ErrNoRows) {
		return firmware.Catalog{}, nil
	} else if err != nil {
		return firmware.Catalog{}, diskError("catalog load", err)
	}
	out.AsOf = time.UnixMilli(asOf).UTC()
	out.SyncedAt = time.UnixMilli(synced).UTC()
	rows, err := tx.QueryContext(ctx, `SELECT body FROM catalog_procedures ORDER BY position`)
	if err != nil {
		return firmware.Catalog{}, diskError("catalog load", err)
	}
	defer rows.Close()
	out.Procedures = []firmware.Procedure{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return firmware.Catalog{}, diskError("catalog load", err)
		}
		var p firmware.Procedure
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return firmware.Catalog{}, diskError("catalog load", fmt.Errorf("procedure body: %w", err))
		}
		out.Procedures = append(out.Procedures, p)
	}
	if err := rows.Err(); err != nil {
		return firmware.Catalog{}, diskError("catalog load", err)
	}
	return out, nil
}

// Save replaces the stored catalog with cat in one transaction: a power cut
// leaves the old catalog or the new one, never half of each. Procedures
// failing Validate, or two with one code, are EINVALID and nothing changes.
func (c *Catalog) Save(ctx context.Context, cat firmware.Catalog) error {
	seen := make(map[string]bool, len(cat.Procedures))
	for i := range cat.Procedures {
		p := &cat.Procedures[i]
		if err := p.Validate(); err != nil {
			return firmware.Errorf(firmware.EINVALID, "storage: catalog: %s", firmware.ErrorMessage(err))
		}
		if seen[p.Code] {
			return firmware.Errorf(firmware.EINVALID, "storage: catalog: procedure %s twice", p.Code)
		}
		seen[p.Code] = true
	}
	tx, err := c.db.write.BeginTx(ctx, nil)
	if err != nil {
		return diskError("catalog save", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_procedures`); err != nil {
		return diskError("catalog save", err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO catalog_procedures (position, code, body) VALUES (?, ?, ?)`)
	if err != nil {
		return diskError("catalog save", err)
	}
	defer stmt.Close()
	for i, p := range cat.Procedures {
		body, err := json.Marshal(p)
		if err != nil {
			return diskError("catalog save", err)
		}
		if _, err := stmt.ExecContext(ctx, i, p.Code, string(body)); err != nil {
			return diskError("catalog save", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO catalog_meta (id, as_of_unix_ms, etag, synced_unix_ms) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET as_of_unix_ms = excluded.as_of_unix_ms, etag = excluded.etag,
			synced_unix_ms = excluded.synced_unix_ms`,
		cat.AsOf.UnixMilli(), cat.ETag, cat.SyncedAt.UnixMilli()); err != nil {
		return diskError("catalog save", err)
	}
	if err := tx.Commit(); err != nil {
		return diskError("catalog save", err)
	}
	return nil
}

// Touch records a 304 answer: the stored procedures stand under etag as of
// syncedAt. Without a stored catalog there is nothing to touch and it
// returns ENOTFOUND, so the caller fetches the whole catalog.
func (c *Catalog) Touch(ctx context.Context, etag string, syncedAt time.Time) error {
	res, err := c.db.write.ExecContext(ctx, `UPDATE catalog_meta SET etag = ?, synced_unix_ms = ? WHERE id = 1`,
		etag, syncedAt.UnixMilli())
	if err != nil {
		return diskError("catalog touch", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return firmware.Errorf(firmware.ENOTFOUND, "storage: catalog: nothing stored to touch")
	}
	return nil
}
