package kiosk

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// The offline cache (DESIGN §4): the last good answer for each code, shown
// with its "as of" time and an offline badge when the portal cannot give a
// fresh one. Entries are filed under CodeRef and sealed with AES-256-GCM
// under a key derived (HKDF-SHA256) from the device's HashKey and the code.
//
// The HashKey is on the same card, and codes follow a known pattern, so a
// stolen card lets the codes of its entries be found by trying them
// (README, "What a stolen SD card reveals"). So the cache keeps what that
// would give away small: an answer that needed the receipt's secret is
// never cached, the applicant's name is kept masked as the screen shows it,
// entries live CacheTTL (default a day), and an opened cabinet wipes them.

// cacheSalt separates the cache's keys from every other use of HashKey.
var cacheSalt = []byte("motcua-kiosk/dossier-cache/v1")

// Find looks the dossier up like Lookup and keeps the answer in the offline
// cache. When the portal cannot answer (EUNAVAILABLE, ETIMEOUT,
// ERATELIMITED, EUNAUTHORIZED, EBADANSWER, EINTERNAL) it returns the cached
// answer, if one younger than CacheTTL exists, marked Offline with the
// failure as its Reason. A dossier that needed the receipt's secret is not
// cached, so offline it gets the portal's error. A portal's ENOTFOUND drops
// the cached answer.
//
// The buzzer, when there is one, answers every Find: one tone when there
// is something to show or a secret to ask for, two when the lookup failed.
func (c *Citizen) Find(ctx context.Context, input, secret, lang string) (*firmware.LookupResult, error) {
	r, err := c.find(ctx, input, secret, lang)
	if b := c.cfg.Buzzer; b != nil {
		b.Beep(err == nil || firmware.ErrorCode(err) == firmware.ESECRETREQUIRED)
	}
	return r, err
}

func (c *Citizen) find(ctx context.Context, input, secret, lang string) (*firmware.LookupResult, error) {
	d, err := c.Lookup(ctx, input, secret, lang)
	normalised, perr := c.parser.Parse(input)
	if perr != nil {
		return nil, err
	}
	ref := c.CodeRef(normalised)
	now := c.cfg.Clock.Now()
	if err == nil {
		if secret != "" {
			// Behind the receipt's secret: nothing on the card may open it.
			c.forget(ref)
		} else {
			c.remember(ref, normalised, d, now)
		}
		return &firmware.LookupResult{Dossier: d, AsOf: now}, nil
	}
	switch code := firmware.ErrorCode(err); code {
	case firmware.ENOTFOUND:
		c.forget(ref)
	case firmware.EUNAVAILABLE, firmware.ETIMEOUT, firmware.ERATELIMITED, firmware.EUNAUTHORIZED,
		firmware.EBADANSWER, firmware.EINTERNAL:
		if r := c.recall(ref, normalised, now); r != nil {
			r.Reason = code
			c.cfg.Log.Info("lookup answered from the offline cache", "reason", code, "age", now.Sub(r.AsOf).Round(time.Minute))
			return r, nil
		}
	}
	return nil, err
}

// cacheAEAD is the cipher of the entry for a code. (The "\x00" ended the
// code before the receipt's secret, when entries behind one were kept.)
func (c *Citizen) cacheAEAD(normalised string) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, c.cfg.HashKey, cacheSalt, normalised+"\x00", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts the dossier's JSON, with the applicant's name masked; the
// ref is authenticated with it, so an entry cannot be moved under another
// code's reference.
func (c *Citizen) seal(ref, normalised string, d *firmware.Dossier) ([]byte, error) {
	kept := *d
	kept.Applicant.Name = firmware.MaskName(d.Applicant.Name)
	plain, err := json.Marshal(&kept)
	if err != nil {
		return nil, err
	}
	aead, err := c.cacheAEAD(normalised)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, plain, []byte(ref)), nil
}

// open decrypts an entry; false when the key is wrong or the entry was
// tampered with.
func (c *Citizen) open(ref, normalised string, sealed []byte) (*firmware.Dossier, bool) {
	aead, err := c.cacheAEAD(normalised)
	if err != nil || len(sealed) < aead.NonceSize() {
		return nil, false
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, sealed[:n], sealed[n:], []byte(ref))
	if err != nil {
		return nil, false
	}
	var d firmware.Dossier
	if json.Unmarshal(plain, &d) != nil || d.Validate() != nil {
		return nil, false
	}
	return &d, true
}

// remember keeps a fresh answer that needed no secret and drops the
// entries past CacheTTL. A failure is logged, not shown: the citizen has
// the fresh answer.
func (c *Citizen) remember(ref, normalised string, d *firmware.Dossier, now time.Time) {
	sealed, err := c.seal(ref, normalised, d)
	if err != nil {
		c.cfg.Log.Error("cache: cannot seal an answer", "err", err)
		return
	}
	ctx, cancel := background()
	defer cancel()
	e := firmware.CachedDossier{Ref: ref, Sealed: sealed, StoredAt: now}
	if err := c.cfg.Cache.Put(ctx, e); err != nil {
		c.cfg.Log.Error("cache: put failed", "err", err)
	}
	if n, err := c.cfg.Cache.Purge(ctx, now.Add(-c.cfg.CacheTTL)); err != nil {
		c.cfg.Log.Error("cache: purge failed", "err", err)
	} else if n > 0 {
		c.cfg.Log.Info("cache: expired entries removed", "count", n)
	}
}

func (c *Citizen) forget(ref string) {
	ctx, cancel := background()
	defer cancel()
	if err := c.cfg.Cache.Delete(ctx, ref); err != nil {
		c.cfg.Log.Error("cache: delete failed", "err", err)
	}
}

// recall returns the cached answer for ref, nil when there is none young
// enough. An entry behind the receipt's secret, as older versions kept
// them, is dropped.
func (c *Citizen) recall(ref, normalised string, now time.Time) *firmware.LookupResult {
	ctx, cancel := background()
	defer cancel()
	e, ok, err := c.cfg.Cache.Get(ctx, ref)
	if err != nil {
		c.cfg.Log.Error("cache: get failed", "err", err)
		return nil
	}
	if !ok {
		return nil
	}
	if now.Sub(e.StoredAt) > c.cfg.CacheTTL || e.NeedsSecret {
		c.forget(ref)
		return nil
	}
	if d, ok := c.open(ref, normalised, e.Sealed); ok {
		return &firmware.LookupResult{Dossier: d, AsOf: e.StoredAt, Offline: true}
	}
	c.cfg.Log.Warn("cache: an entry does not open; dropped")
	c.forget(ref)
	return nil
}

// WipeCache drops every cached answer: the cabinet was opened (Door), and
// the card may be on its way out.
func (c *Citizen) WipeCache(ctx context.Context) {
	// Every entry, whatever the clock said when it was stored.
	n, err := c.cfg.Cache.Purge(ctx, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		c.cfg.Log.Error("cache: wipe failed", "err", err)
		return
	}
	c.cfg.Log.Warn("cache: wiped, the cabinet was opened", "entries", n)
}
