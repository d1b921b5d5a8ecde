// Package memstore keeps firmware's stores in memory: the offline cache,
// the procedure catalog, the rating queue and the settings. A kiosk built
// without a store of its own (firmware/kiosk's defaults) uses them, and
// tests use them where storage's SQLite files are not the point. What
// they hold is lost when the process ends. Standard library only.
package memstore

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
)

var (
	_ firmware.DossierCache = (*Cache)(nil)
	_ firmware.CatalogStore = (*Catalog)(nil)
	_ firmware.RatingQueue  = (*Ratings)(nil)
	_ firmware.Settings     = (*Settings)(nil)
)

// Cache is the offline cache of sealed answers. The zero value, like each
// store's here, is empty and ready to use.
type Cache struct {
	mu      sync.Mutex
	entries map[string]firmware.CachedDossier
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]firmware.CachedDossier{}} }

// Put keeps c under its Ref, replacing what was there; EINVALID for an
// entry that fails Validate.
func (m *Cache) Put(_ context.Context, c firmware.CachedDossier) error {
	if err := c.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]firmware.CachedDossier{}
	}
	c.Sealed = slices.Clone(c.Sealed)
	m.entries[c.Ref] = c
	return nil
}

// Get returns the entry under ref, and whether there is one.
func (m *Cache) Get(_ context.Context, ref string) (firmware.CachedDossier, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.entries[ref]
	return c, ok, nil
}

// Delete drops the entry under ref, if any.
func (m *Cache) Delete(_ context.Context, ref string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, ref)
	return nil
}

// Purge drops the entries stored before before and returns how many.
func (m *Cache) Purge(_ context.Context, before time.Time) (int, error) {
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

// Catalog is the synced procedure catalog.
type Catalog struct {
	mu  sync.Mutex
	cat firmware.Catalog
	has bool
}

// NewCatalog returns a store that holds no catalog yet.
func NewCatalog() *Catalog { return &Catalog{} }

// Load returns the saved catalog, empty before the first Save.
func (m *Catalog) Load(context.Context) (firmware.Catalog, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cat, nil
}

// Save replaces the catalog.
func (m *Catalog) Save(_ context.Context, c firmware.Catalog) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cat, m.has = c, true
	return nil
}

// Touch records a revalidation (a 304) of the saved catalog; ENOTFOUND
// before the first Save.
func (m *Catalog) Touch(_ context.Context, etag string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.has {
		return firmware.Errorf(firmware.ENOTFOUND, "memstore: no catalog to touch")
	}
	m.cat.ETag, m.cat.SyncedAt = etag, at
	return nil
}

// Ratings is the queue of ratings waiting for the portal.
type Ratings struct {
	mu   sync.Mutex
	next int64
	recs []firmware.RatingRecord
	sent map[int64]bool
}

// NewRatings returns an empty queue.
func NewRatings() *Ratings { return &Ratings{sent: map[int64]bool{}} }

// Enqueue adds r and returns its ID; EINVALID for a rating that fails
// Validate.
func (m *Ratings) Enqueue(_ context.Context, r firmware.RatingRecord) (int64, error) {
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

// Pending returns up to limit ratings not yet sent (all of them for limit
// <= 0), the least tried first.
func (m *Ratings) Pending(_ context.Context, limit int) ([]firmware.RatingRecord, error) {
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

// MarkSent records that the portal accepted rating id.
func (m *Ratings) MarkSent(_ context.Context, id int64, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sent == nil {
		m.sent = map[int64]bool{}
	}
	m.sent[id] = true
	return nil
}

// MarkFailed counts a failed send of rating id, with the error's code.
func (m *Ratings) MarkFailed(_ context.Context, id int64, code string) error {
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

// Settings is a key-value store of settings.
type Settings struct {
	mu sync.Mutex
	m  map[string]string
}

// NewSettings returns settings holding a copy of values (nil: none).
func NewSettings(values map[string]string) *Settings {
	m := maps.Clone(values)
	if m == nil {
		m = map[string]string{}
	}
	return &Settings{m: m}
}

// Setting returns the value of key, and whether it is set.
func (s *Settings) Setting(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok, nil
}

// SetSetting sets key to value.
func (s *Settings) SetSetting(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

// Values returns a copy of every setting: what a kiosk restarted on the
// same card would read.
func (s *Settings) Values() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.m)
}
