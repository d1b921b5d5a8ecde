package kiosk

import (
	"context"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Rate queues a citizen's rating for the portal and records it in the
// ledger. dossierCode is the dossier the citizen had just looked up, "" for
// none; only its keyed hash leaves this function. It returns once the
// rating is in the queue (on disk with a storage queue), so a rating the
// citizen was thanked for survives a restart. EINVALID for a bad score or
// reasons.
//
// A rating's time, to the millisecond, is what tells it apart at the portal
// (openapi.yaml: a resend after a lost answer carries the same time), so
// no two ratings of this kiosk get the same one.
func (k *Kiosk) Rate(ctx context.Context, score firmware.Rating, reasons []string, dossierCode, lang string) error {
	r := firmware.RatingRecord{At: k.ratingTime(), Score: score, Reasons: reasons, Lang: lang}
	if dossierCode != "" {
		if n, err := k.parser.Parse(dossierCode); err == nil {
			r.DossierRef = k.CodeRef(n)
		}
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if _, err := k.cfg.Ratings.Enqueue(ctx, r); err != nil {
		k.cfg.Log.Error("rating: enqueue failed", "err", err)
		return err
	}
	ev := k.event(firmware.KindRating, lang)
	ev.Outcome = score.Outcome()
	ev.CodeRef = r.DossierRef
	k.record(ev)
	select {
	case k.citizen.wake <- struct{}{}:
	default:
	}
	return nil
}

// ratingTime is now to the millisecond, later than any rating before it
// since the kiosk started.
func (k *Kiosk) ratingTime() time.Time {
	at := k.cfg.Clock.Now().Truncate(time.Millisecond)
	k.citizen.mu.Lock()
	defer k.citizen.mu.Unlock()
	if last := k.citizen.lastRating; !at.After(last) {
		at = last.Add(time.Millisecond)
	}
	k.citizen.lastRating = at
	return at
}

// ratingBatch bounds one round of sending.
const ratingBatch = 50

// SendRatings sends the queued ratings once, and returns how many the
// portal accepted and the first failure. A failure ends the round: the
// portal is down, or refuses what it is sent, and the rest would fare no
// better now.
func (k *Kiosk) SendRatings(ctx context.Context) (int, error) {
	if k.cfg.RatingSink == nil {
		return 0, firmware.Errorf(firmware.EUNAVAILABLE, "kiosk: no rating sink")
	}
	pending, err := k.cfg.Ratings.Pending(ctx, ratingBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range pending {
		err := k.cfg.RatingSink.SendRating(ctx, r)
		wctx, cancel := background()
		if err == nil {
			err = k.cfg.Ratings.MarkSent(wctx, r.ID, k.cfg.Clock.Now())
			cancel()
			if err != nil {
				return sent, err
			}
			sent++
			continue
		}
		code := firmware.ErrorCode(err)
		if merr := k.cfg.Ratings.MarkFailed(wctx, r.ID, code); merr != nil {
			k.cfg.Log.Error("rating: cannot count a failed send", "err", merr)
		}
		cancel()
		k.cfg.Log.Warn("rating: send failed", "err_code", code, "attempts", r.Attempts+1)
		return sent, err
	}
	if sent > 0 {
		k.cfg.Log.Info("rating: sent", "count", sent)
	}
	return sent, nil
}

// RunRatings sends queued ratings until ctx is done: at once when one is
// queued, every RatingEvery while the portal answers, and after a failure
// first in 30 s, then backing off to ten RatingEvery.
func (k *Kiosk) RunRatings(ctx context.Context) {
	first := min(30*time.Second, k.cfg.RatingEvery)
	retry := first
	for {
		wait := k.cfg.RatingEvery
		n, err := k.SendRatings(ctx)
		switch {
		case err != nil:
			wait = retry
			retry = min(retry*2, 10*k.cfg.RatingEvery)
		case n == ratingBatch:
			wait = 0 // more are waiting
			retry = first
		default:
			retry = first
		}
		// While failing, a new rating does not cut the backoff short.
		wake := k.citizen.wake
		if err != nil {
			wake = nil
		}
		if !waitFor(ctx, wait, wake) {
			return
		}
	}
}
