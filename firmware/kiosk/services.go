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

// citizenState is the kiosk's state behind the citizen screens other than
// the lookup itself: the procedure catalog in memory, the rating sender's
// wake-up and today's portal uptime.
type citizenState struct {
	mu      sync.Mutex
	catalog firmware.Catalog
	uptime  uptimeDay

	lastRating time.Time     // the latest rating's time (ratingTime)
	wake       chan struct{} // a rating was queued: send now
}

// initCitizen fills the citizen services' defaults; New calls it.
func (k *Kiosk) initCitizen() {
	c := &k.cfg
	if c.CacheTTL <= 0 {
		c.CacheTTL = DefaultCacheTTL
	}
	if c.CatalogEvery <= 0 {
		c.CatalogEvery = DefaultCatalogEvery
	}
	if c.RatingEvery <= 0 {
		c.RatingEvery = DefaultRatingEvery
	}
	if c.Location == nil {
		c.Location = firmware.Vietnam
	}
	if c.Cache == nil {
		c.Cache = memstore.NewCache()
	}
	if c.Catalog == nil {
		c.Catalog = memstore.NewCatalog()
	}
	if c.Ratings == nil {
		c.Ratings = memstore.NewRatings()
	}
	if c.CatalogSource == nil {
		if s, ok := c.Portal.(firmware.CatalogSource); ok {
			c.CatalogSource = s
		}
	}
	if c.RatingSink == nil {
		if s, ok := c.Portal.(firmware.RatingSink); ok {
			c.RatingSink = s
		}
	}
	k.citizen.wake = make(chan struct{}, 1)
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
