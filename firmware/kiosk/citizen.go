package kiosk

import (
	"context"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/memstore"
)

// Defaults of the citizen services' settings.
const (
	DefaultCacheTTL     = 24 * time.Hour // short: a stolen card gives away what is cached (cache.go)
	DefaultCatalogEvery = 6 * time.Hour
	DefaultRatingEvery  = time.Minute
)

// Citizen is the services behind the citizen screens: the lookup with its
// offline cache (cache.go), the procedure catalog (catalog.go), ratings
// (ratings.go), and the portal's health and today's uptime as citizens
// see them (health.go, uptime.go). It reaches nothing of staff mode.
type Citizen struct {
	*core

	portalMu sync.Mutex
	portal   firmware.PortalState

	mu         sync.Mutex
	catalog    firmware.Catalog
	uptime     uptimeDay
	lastRating time.Time     // the latest rating's time (ratingTime)
	wake       chan struct{} // a rating was queued: send now
}

// newCitizen fills the citizen services' defaults in the core's Config
// and returns the services; New calls it before anything runs.
func newCitizen(k *core) *Citizen {
	cfg := &k.cfg
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = DefaultCacheTTL
	}
	if cfg.CatalogEvery <= 0 {
		cfg.CatalogEvery = DefaultCatalogEvery
	}
	if cfg.RatingEvery <= 0 {
		cfg.RatingEvery = DefaultRatingEvery
	}
	if cfg.Location == nil {
		cfg.Location = firmware.Vietnam
	}
	if cfg.Cache == nil {
		cfg.Cache = memstore.NewCache()
	}
	if cfg.Catalog == nil {
		cfg.Catalog = memstore.NewCatalog()
	}
	if cfg.Ratings == nil {
		cfg.Ratings = memstore.NewRatings()
	}
	if cfg.CatalogSource == nil {
		if s, ok := cfg.Portal.(firmware.CatalogSource); ok {
			cfg.CatalogSource = s
		}
	}
	if cfg.RatingSink == nil {
		if s, ok := cfg.Portal.(firmware.RatingSink); ok {
			cfg.RatingSink = s
		}
	}
	return &Citizen{core: k, wake: make(chan struct{}, 1)}
}

// waitFor sleeps d or until ctx ends or wake fires, and reports whether ctx
// is still alive.
func waitFor(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-wake:
	}
	return true
}

// background is the context of the writes the kiosk makes on a citizen's
// behalf: the citizen's own context may already be cancelled.
func background() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*time.Second)
}
