package firmware

import (
	"context"
	"time"
)

// LookupResult is a dossier as the kiosk shows it: fresh from the portal, or
// the last good answer kept in the offline cache when the portal could not
// give one (DESIGN §4: an "as of" time and an offline badge).
type LookupResult struct {
	Dossier *Dossier
	// AsOf is when the portal gave this answer: now for a fresh one, the
	// time it was cached for an offline one.
	AsOf time.Time
	// Offline is true when the answer comes from the cache because the
	// fresh lookup failed; Reason is that failure's error code.
	Offline bool
	Reason  string
}

// CachedDossier is one entry of the offline cache as it is stored: the
// dossier sealed (encrypted and authenticated) under a key that only the
// device and the dossier's own code (and secret) give, and filed under the
// code's keyed hash, so the store holds neither codes nor names (DESIGN §8).
type CachedDossier struct {
	Ref         string    // keyed hash of the normalised code, as UsageEvent.CodeRef
	Sealed      []byte    // nonce and ciphertext
	NeedsSecret bool      // the portal asked for the receipt's secret code
	StoredAt    time.Time // when the portal gave the answer
}

// Validate refuses an entry without a keyed-hash reference, a sealed body or
// a time.
func (c *CachedDossier) Validate() error {
	switch {
	case !isHexRef(c.Ref):
		return Errorf(EINVALID, "cache: ref is not a keyed hash")
	case len(c.Sealed) == 0:
		return Errorf(EINVALID, "cache: sealed body required")
	case c.StoredAt.IsZero():
		return Errorf(EINVALID, "cache: time required")
	}
	return nil
}

// DossierCache keeps the last good answer for each dossier looked up.
type DossierCache interface {
	// Put stores c, replacing the entry with the same Ref. It returns
	// EINVALID for an entry that fails Validate.
	Put(ctx context.Context, c CachedDossier) error
	// Get returns the entry filed under ref and whether there is one.
	Get(ctx context.Context, ref string) (CachedDossier, bool, error)
	// Delete removes the entry filed under ref, if any.
	Delete(ctx context.Context, ref string) error
	// Purge removes the entries stored before before and returns how many.
	Purge(ctx context.Context, before time.Time) (int, error)
}
