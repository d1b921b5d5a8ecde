package kiosk

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// The offline cache (DESIGN §4): the last good answer for each code, shown
// with its "as of" time and an offline badge when the portal cannot give a
// fresh one. Entries are filed under CodeRef and sealed with AES-256-GCM
// under a key derived (HKDF-SHA256) from the device's HashKey, the code and
// the receipt's secret: a copied SD card shows neither codes nor names, and
// even with the device key an entry opens only for someone who has the
// receipt. A dossier that needed the secret asks for it again offline.

// cacheSalt separates the cache's keys from every other use of HashKey.
var cacheSalt = []byte("motcua-kiosk/dossier-cache/v1")

// Find looks the dossier up like Lookup and keeps the answer in the offline
// cache. When the portal cannot answer (EUNAVAILABLE, ETIMEOUT,
// ERATELIMITED, EUNAUTHORIZED, EBADANSWER, EINTERNAL) it returns the cached
// answer, if one younger than CacheTTL exists, marked Offline with the
// failure as its Reason. A cached dossier that needed the receipt's secret
// is ESECRETREQUIRED without one and ESECRETMISMATCH with a wrong one, as
// the portal would say. A portal's ENOTFOUND drops the cached answer.
//
// The buzzer, when there is one, answers every Find: one tone when there
// is something to show or a secret to ask for, two when the lookup failed.
func (k *Kiosk) Find(ctx context.Context, input, secret, lang string) (*firmware.LookupResult, error) {
	r, err := k.find(ctx, input, secret, lang)
	if b := k.cfg.Buzzer; b != nil {
		b.Beep(err == nil || firmware.ErrorCode(err) == firmware.ESECRETREQUIRED)
	}
	return r, err
}

func (k *Kiosk) find(ctx context.Context, input, secret, lang string) (*firmware.LookupResult, error) {
	d, err := k.Lookup(ctx, input, secret, lang)
	normalised, perr := k.parser.Parse(input)
	if perr != nil {
		return nil, err
	}
	ref := k.CodeRef(normalised)
	now := k.cfg.Clock.Now()
	if err == nil {
		k.remember(ref, normalised, secret, d, now)
		return &firmware.LookupResult{Dossier: d, AsOf: now}, nil
	}
	switch c := firmware.ErrorCode(err); c {
	case firmware.ENOTFOUND:
		k.forget(ref)
	case firmware.EUNAVAILABLE, firmware.ETIMEOUT, firmware.ERATELIMITED, firmware.EUNAUTHORIZED,
		firmware.EBADANSWER, firmware.EINTERNAL:
		r, cerr := k.recall(ref, normalised, secret, now)
		if cerr != nil {
			return nil, cerr
		}
		if r != nil {
			r.Reason = c
			k.cfg.Log.Info("lookup answered from the offline cache", "reason", c, "age", now.Sub(r.AsOf).Round(time.Minute))
			return r, nil
		}
	}
	return nil, err
}

// normSecret is the secret as the key derivation takes it: receipts print
// it in capitals, and a keypad or scanner may send it either way.
func normSecret(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func (k *Kiosk) cacheAEAD(normalised, secret string) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, k.cfg.HashKey, cacheSalt, normalised+"\x00"+normSecret(secret), 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts the dossier's JSON; the ref is authenticated with it, so an
// entry cannot be moved under another code's reference.
func (k *Kiosk) seal(ref, normalised, secret string, d *firmware.Dossier) ([]byte, error) {
	plain, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	aead, err := k.cacheAEAD(normalised, secret)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, plain, []byte(ref)), nil
}

// open decrypts an entry; false when the key (code or secret) is wrong or
// the entry was tampered with.
func (k *Kiosk) open(ref, normalised, secret string, sealed []byte) (*firmware.Dossier, bool) {
	aead, err := k.cacheAEAD(normalised, secret)
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

// remember keeps a fresh answer and drops the entries past CacheTTL. A
// failure is logged, not shown: the citizen has the fresh answer.
func (k *Kiosk) remember(ref, normalised, secret string, d *firmware.Dossier, now time.Time) {
	sealed, err := k.seal(ref, normalised, secret, d)
	if err != nil {
		k.cfg.Log.Error("cache: cannot seal an answer", "err", err)
		return
	}
	ctx, cancel := background()
	defer cancel()
	e := firmware.CachedDossier{Ref: ref, Sealed: sealed, NeedsSecret: secret != "", StoredAt: now}
	if err := k.cfg.Cache.Put(ctx, e); err != nil {
		k.cfg.Log.Error("cache: put failed", "err", err)
	}
	if n, err := k.cfg.Cache.Purge(ctx, now.Add(-k.cfg.CacheTTL)); err != nil {
		k.cfg.Log.Error("cache: purge failed", "err", err)
	} else if n > 0 {
		k.cfg.Log.Info("cache: expired entries removed", "count", n)
	}
}

func (k *Kiosk) forget(ref string) {
	ctx, cancel := background()
	defer cancel()
	if err := k.cfg.Cache.Delete(ctx, ref); err != nil {
		k.cfg.Log.Error("cache: delete failed", "err", err)
	}
}

// recall returns the cached answer for ref, nil when there is none young
// enough, or a secret error for an entry behind the receipt's secret.
func (k *Kiosk) recall(ref, normalised, secret string, now time.Time) (*firmware.LookupResult, error) {
	ctx, cancel := background()
	defer cancel()
	e, ok, err := k.cfg.Cache.Get(ctx, ref)
	if err != nil {
		k.cfg.Log.Error("cache: get failed", "err", err)
		return nil, nil
	}
	if !ok {
		return nil, nil
	}
	if now.Sub(e.StoredAt) > k.cfg.CacheTTL {
		k.forget(ref)
		return nil, nil
	}
	if !e.NeedsSecret {
		secret = ""
	} else if secret == "" {
		return nil, firmware.Errorf(firmware.ESECRETREQUIRED, "kiosk: the cached answer needs the receipt's secret code")
	}
	d, ok := k.open(ref, normalised, secret, e.Sealed)
	switch {
	case ok:
		return &firmware.LookupResult{Dossier: d, AsOf: e.StoredAt, Offline: true}, nil
	case e.NeedsSecret:
		return nil, firmware.Errorf(firmware.ESECRETMISMATCH, "kiosk: the secret code does not open the cached answer")
	}
	k.cfg.Log.Warn("cache: an entry does not open; dropped")
	k.forget(ref)
	return nil, nil
}
