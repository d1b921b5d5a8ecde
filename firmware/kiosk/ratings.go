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
func (c *Citizen) Rate(ctx context.Context, score firmware.Rating, reasons []string, dossierCode, lang string) error {
	r := firmware.RatingRecord{At: c.ratingTime(), Score: score, Reasons: reasons, Lang: lang}
	if dossierCode != "" {
		if n, err := c.parser.Parse(dossierCode); err == nil {
			r.DossierRef = c.CodeRef(n)
		}
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if _, err := c.cfg.Ratings.Enqueue(ctx, r); err != nil {
		c.cfg.Log.Error("rating: enqueue failed", "err", err)
		return err
	}
	ev := c.event(firmware.KindRating, lang)
	ev.Outcome = score.Outcome()
	ev.CodeRef = r.DossierRef
	c.record(ev)
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return nil
}

// ratingTime is now to the millisecond, later than any rating before it
// since the kiosk started.
func (c *Citizen) ratingTime() time.Time {
	at := c.cfg.Clock.Now().Truncate(time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	if last := c.lastRating; !at.After(last) {
		at = last.Add(time.Millisecond)
	}
	c.lastRating = at
	return at
}

// ratingBatch bounds one round of sending.
const ratingBatch = 50

// SendRatings sends the queued ratings once, and returns how many the
// portal accepted and the first failure. A failure ends the round: the
// portal is down, or refuses what it is sent, and the rest would fare no
// better now.
func (c *Citizen) SendRatings(ctx context.Context) (int, error) {
	if c.cfg.RatingSink == nil {
		return 0, firmware.Errorf(firmware.EUNAVAILABLE, "kiosk: no rating sink")
	}
	pending, err := c.cfg.Ratings.Pending(ctx, ratingBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range pending {
		err := c.cfg.RatingSink.SendRating(ctx, r)
		wctx, cancel := background()
		if err == nil {
			err = c.cfg.Ratings.MarkSent(wctx, r.ID, c.cfg.Clock.Now())
			cancel()
			if err != nil {
				return sent, err
			}
			sent++
			continue
		}
		code := firmware.ErrorCode(err)
		if merr := c.cfg.Ratings.MarkFailed(wctx, r.ID, code); merr != nil {
			c.cfg.Log.Error("rating: cannot count a failed send", "err", merr)
		}
		cancel()
		c.cfg.Log.Warn("rating: send failed", "err_code", code, "attempts", r.Attempts+1)
		return sent, err
	}
	if sent > 0 {
		c.cfg.Log.Info("rating: sent", "count", sent)
	}
	return sent, nil
}

// RunRatings sends queued ratings until ctx is done: at once when one is
// queued, every RatingEvery while the portal answers, and after a failure
// first in 30 s, then backing off to ten RatingEvery.
func (c *Citizen) RunRatings(ctx context.Context) {
	first := min(30*time.Second, c.cfg.RatingEvery)
	retry := first
	for {
		wait := c.cfg.RatingEvery
		n, err := c.SendRatings(ctx)
		switch {
		case err != nil:
			wait = retry
			retry = min(retry*2, 10*c.cfg.RatingEvery)
		case n == ratingBatch:
			wait = 0 // more are waiting
			retry = first
		default:
			retry = first
		}
		// While failing, a new rating does not cut the backoff short.
		wake := c.wake
		if err != nil {
			wake = nil
		}
		if !waitFor(ctx, wait, wake) {
			return
		}
	}
}
