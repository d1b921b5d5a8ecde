package kiosk

import (
	"context"
	"errors"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Lookup parses input as DESIGN §7 says, looks the dossier up with the
// kiosk's deadline and records the outcome. secret is "" unless the portal
// asked for the receipt's secret code. Errors carry firmware codes: EINVALID
// before any request, then those of firmware.Portal.Lookup.
func (c *Citizen) Lookup(ctx context.Context, input, secret, lang string) (*firmware.Dossier, error) {
	start := time.Now()
	ev := c.event(firmware.KindLookup, lang)

	normalised, err := c.parser.Parse(input)
	if err != nil {
		ev.Outcome = firmware.EINVALID
		c.record(ev)
		return nil, err
	}
	ev.CodeRef = c.CodeRef(normalised)

	lctx, cancel := context.WithTimeout(ctx, c.cfg.LookupTimeout)
	d, err := c.cfg.Portal.Lookup(lctx, normalised, secret)
	if err == nil && lctx.Err() != nil {
		err = lctx.Err()
	}
	cancel()
	ev.Latency = time.Since(start)

	switch {
	case err != nil && errors.Is(err, context.DeadlineExceeded) && firmware.ErrorCode(err) == firmware.EINTERNAL:
		err = firmware.Errorf(firmware.ETIMEOUT, "kiosk: lookup took longer than %s", c.cfg.LookupTimeout)
	case err == nil && d == nil:
		err = firmware.Errorf(firmware.EBADANSWER, "kiosk: portal gave no dossier")
	}
	if err != nil {
		ev.Outcome = firmware.ErrorCode(err)
		c.record(ev)
		if code := ev.Outcome; code == firmware.EUNAVAILABLE || code == firmware.ETIMEOUT {
			c.portalFailed(code)
		}
		return nil, err
	}
	ev.Outcome = firmware.OutcomeOK
	ev.Status = d.Status.Code
	ev.Overdue = d.Overdue(c.cfg.Clock.Now())
	ev.Procedure = c.procedureCode(d.Procedure.Code)
	ev.Channel = d.Channel
	c.record(ev)
	return d, nil
}
