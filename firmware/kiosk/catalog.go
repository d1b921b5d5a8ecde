package kiosk

import (
	"context"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Catalog returns the procedure catalog the kiosk holds: the last one
// synced, from the store after a restart, empty before either. It is cheap
// (no I/O); callers must not modify its slices.
func (k *Kiosk) Catalog() firmware.Catalog {
	k.citizen.mu.Lock()
	defer k.citizen.mu.Unlock()
	return k.citizen.catalog
}

// LoadCatalog reads the stored catalog into memory; RunCatalog calls it
// first.
func (k *Kiosk) LoadCatalog(ctx context.Context) error {
	c, err := k.cfg.Catalog.Load(ctx)
	if err != nil {
		k.cfg.Log.Error("catalog: load failed", "err", err)
		return err
	}
	k.citizen.mu.Lock()
	if len(k.citizen.catalog.Procedures) == 0 || c.SyncedAt.After(k.citizen.catalog.SyncedAt) {
		k.citizen.catalog = c
	}
	k.citizen.mu.Unlock()
	return nil
}

// SyncCatalog revalidates the catalog with the portal once: a 304 keeps the
// held procedures and notes the time, a 200 replaces them in the store and
// in memory. Without a source it is EUNAVAILABLE. A broken answer never
// wipes the held catalog.
func (k *Kiosk) SyncCatalog(ctx context.Context) error {
	src := k.cfg.CatalogSource
	if src == nil {
		return firmware.Errorf(firmware.EUNAVAILABLE, "kiosk: no catalog source")
	}
	held := k.Catalog()
	etag := held.ETag
	if len(held.Procedures) == 0 {
		etag = "" // nothing to revalidate: ask for the whole catalog
	}
	procs, asOf, newETag, notModified, err := src.Procedures(ctx, etag)
	if err != nil {
		k.cfg.Log.Warn("catalog: sync failed", "err_code", firmware.ErrorCode(err), "err", err)
		return err
	}
	now := k.cfg.Clock.Now()
	if notModified {
		if err := k.cfg.Catalog.Touch(ctx, newETag, now); err != nil {
			if firmware.ErrorCode(err) == firmware.ENOTFOUND {
				// The store lost its copy: fetch it whole.
				k.citizen.mu.Lock()
				k.citizen.catalog.ETag = ""
				k.citizen.catalog.Procedures = nil
				k.citizen.mu.Unlock()
				return k.SyncCatalog(ctx)
			}
			k.cfg.Log.Error("catalog: touch failed", "err", err)
		}
		k.citizen.mu.Lock()
		k.citizen.catalog.ETag, k.citizen.catalog.SyncedAt = newETag, now
		k.citizen.mu.Unlock()
		return nil
	}
	c := firmware.Catalog{Procedures: procs, AsOf: asOf, ETag: newETag, SyncedAt: now}
	if err := k.cfg.Catalog.Save(ctx, c); err != nil {
		// Still show it; the next sync saves it again.
		k.cfg.Log.Error("catalog: save failed", "err", err)
		c.ETag = ""
	}
	k.citizen.mu.Lock()
	k.citizen.catalog = c
	k.citizen.mu.Unlock()
	k.cfg.Log.Info("catalog: synced", "procedures", len(procs))
	return nil
}

// RunCatalog loads the stored catalog, then syncs it until ctx is done:
// every CatalogEvery while the portal answers, after a failure first in a
// minute, then backing off to CatalogEvery.
func (k *Kiosk) RunCatalog(ctx context.Context) {
	k.LoadCatalog(ctx)
	first := time.Minute
	retry := min(first, k.cfg.CatalogEvery)
	for {
		wait := k.cfg.CatalogEvery
		if err := k.SyncCatalog(ctx); err != nil {
			wait = retry
			retry = min(retry*2, k.cfg.CatalogEvery)
		} else {
			retry = min(first, k.cfg.CatalogEvery)
		}
		if !waitFor(ctx, wait, nil) {
			return
		}
	}
}

// ViewProcedure records that a citizen opened a procedure's detail.
func (k *Kiosk) ViewProcedure(code, lang string) {
	ev := k.event(firmware.KindProcedure, lang)
	ev.Outcome = firmware.OutcomeOK
	ev.Procedure = k.procedureCode(code)
	go k.record(ev)
}
