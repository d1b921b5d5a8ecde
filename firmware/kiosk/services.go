package kiosk

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
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
		c.Cache = &memCache{entries: map[string]firmware.CachedDossier{}}
	}
	if c.Catalog == nil {
		c.Catalog = &memCatalog{}
	}
	if c.Ratings == nil {
		c.Ratings = &memRatings{}
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

// memCache is the offline cache without a disk.
type memCache struct {
	mu      sync.Mutex
	entries map[string]firmware.CachedDossier
}

func (m *memCache) Put(_ context.Context, c firmware.CachedDossier) error {
	if err := c.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c.Sealed = slices.Clone(c.Sealed)
	m.entries[c.Ref] = c
	return nil
}

func (m *memCache) Get(_ context.Context, ref string) (firmware.CachedDossier, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.entries[ref]
	return c, ok, nil
}

func (m *memCache) Delete(_ context.Context, ref string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, ref)
	return nil
}

func (m *memCache) Purge(_ context.Context, before time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for ref, c := range m.entries {
		if c.StoredAt.Before(before) {
			delete(m.entries, ref)
			n++
		}
	}
	return n, nil
}

// memCatalog is the catalog store without a disk.
type memCatalog struct {
	mu  sync.Mutex
	cat firmware.Catalog
	has bool
}

func (m *memCatalog) Load(context.Context) (firmware.Catalog, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cat, nil
}

func (m *memCatalog) Save(_ context.Context, c firmware.Catalog) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cat, m.has = c, true
	return nil
}

func (m *memCatalog) Touch(_ context.Context, etag string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.has {
		return firmware.Errorf(firmware.ENOTFOUND, "kiosk: no catalog to touch")
	}
	m.cat.ETag, m.cat.SyncedAt = etag, at
	return nil
}

// memRatings is the rating queue without a disk.
type memRatings struct {
	mu   sync.Mutex
	next int64
	recs []firmware.RatingRecord
	sent map[int64]bool
}

func (m *memRatings) Enqueue(_ context.Context, r firmware.RatingRecord) (int64, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	r.ID = m.next
	r.Reasons = slices.Clone(r.Reasons)
	m.recs = append(m.recs, r)
	return r.ID, nil
}

func (m *memRatings) Pending(_ context.Context, limit int) ([]firmware.RatingRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []firmware.RatingRecord
	for _, r := range m.recs {
		if !m.sent[r.ID] {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b firmware.RatingRecord) int { return a.Attempts - b.Attempts })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memRatings) MarkSent(_ context.Context, id int64, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sent == nil {
		m.sent = map[int64]bool{}
	}
	m.sent[id] = true
	return nil
}

func (m *memRatings) MarkFailed(_ context.Context, id int64, code string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.recs {
		if m.recs[i].ID == id {
			m.recs[i].Attempts++
			m.recs[i].LastError = code
		}
	}
	return nil
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
