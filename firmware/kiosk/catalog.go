package kiosk

import (
	"context"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Catalog returns the procedure catalog the kiosk holds: the last one
// synced, from the store after a restart, empty before either. It is cheap
// (no I/O); callers must not modify its slices.
func (c *Citizen) Catalog() firmware.Catalog {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.catalog
}

// LoadCatalog reads the stored catalog into memory; RunCatalog calls it
// first.
func (c *Citizen) LoadCatalog(ctx context.Context) error {
	cat, err := c.cfg.Catalog.Load(ctx)
	if err != nil {
		c.cfg.Log.Error("catalog: load failed", "err", err)
		return err
	}
	c.mu.Lock()
	if len(c.catalog.Procedures) == 0 || cat.SyncedAt.After(c.catalog.SyncedAt) {
		c.catalog = cat
	}
	c.mu.Unlock()
	return nil
}

// SyncCatalog revalidates the catalog with the portal once: a 304 keeps the
// held procedures and notes the time, a 200 replaces them in the store and
// in memory. Without a source it is EUNAVAILABLE. A broken answer never
// wipes the held catalog.
func (c *Citizen) SyncCatalog(ctx context.Context) error {
	src := c.cfg.CatalogSource
	if src == nil {
		return firmware.Errorf(firmware.EUNAVAILABLE, "kiosk: no catalog source")
	}
	held := c.Catalog()
	etag := held.ETag
	if len(held.Procedures) == 0 {
		etag = "" // nothing to revalidate: ask for the whole catalog
	}
	procs, asOf, newETag, notModified, err := src.Procedures(ctx, etag)
	if err != nil {
		c.cfg.Log.Warn("catalog: sync failed", "err_code", firmware.ErrorCode(err), "err", err)
		return err
	}
	now := c.cfg.Clock.Now()
	if notModified {
		if err := c.cfg.Catalog.Touch(ctx, newETag, now); err != nil {
			if firmware.ErrorCode(err) == firmware.ENOTFOUND {
				// The store lost its copy: fetch it whole.
				c.mu.Lock()
				c.catalog.ETag = ""
				c.catalog.Procedures = nil
				c.mu.Unlock()
				return c.SyncCatalog(ctx)
			}
			c.cfg.Log.Error("catalog: touch failed", "err", err)
		}
		c.mu.Lock()
		c.catalog.ETag, c.catalog.SyncedAt = newETag, now
		c.mu.Unlock()
		return nil
	}
	cat := firmware.Catalog{Procedures: procs, AsOf: asOf, ETag: newETag, SyncedAt: now}
	if err := c.cfg.Catalog.Save(ctx, cat); err != nil {
		// Still show it; the next sync saves it again.
		c.cfg.Log.Error("catalog: save failed", "err", err)
		cat.ETag = ""
	}
	c.mu.Lock()
	c.catalog = cat
	c.mu.Unlock()
	c.cfg.Log.Info("catalog: synced", "procedures", len(procs))
	return nil
}

// RunCatalog loads the stored catalog, then syncs it until ctx is done:
// every CatalogEvery while the portal answers, after a failure first in a
// minute, then backing off to CatalogEvery.
func (c *Citizen) RunCatalog(ctx context.Context) {
	c.LoadCatalog(ctx)
	first := time.Minute
	retry := min(first, c.cfg.CatalogEvery)
	for {
		wait := c.cfg.CatalogEvery
		if err := c.SyncCatalog(ctx); err != nil {
			wait = retry
			retry = min(retry*2, c.cfg.CatalogEvery)
		} else {
			retry = min(first, c.cfg.CatalogEvery)
		}
		if !waitFor(ctx, wait, nil) {
			return
		}
	}
}

// ViewProcedure records that a citizen opened a procedure's detail.
func (c *Citizen) ViewProcedure(code, lang string) {
	ev := c.event(firmware.KindProcedure, lang)
	ev.Outcome = firmware.OutcomeOK
	ev.Procedure = c.procedureCode(code)
	go c.record(ev)
}
