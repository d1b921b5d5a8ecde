package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Procedures fetches the procedure catalog. etag is the ETag of the catalog
// the kiosk already holds, "" for none. When the portal says the catalog has
// not changed (304), notModified is true, procs is nil, asOf is zero (the
// held catalog's date still stands) and newETag is the portal's ETag or else
// etag. Failures are those of Health, and EINVALID for an etag a header
// cannot carry.
func (c *Client) Procedures(ctx context.Context, etag string) (procs []firmware.Procedure, asOf time.Time, newETag string, notModified bool, err error) {
	k := call{op: opProcedures, method: http.MethodGet, path: "/v1/procedures", timeout: c.opts.SyncTimeout}
	if !headerSafe(etag) {
		return nil, time.Time{}, "", false, c.fail(k, firmware.EINVALID, nil, "etag has characters a header cannot carry")
	}
	if etag != "" {
		k.header = http.Header{"If-None-Match": {etag}}
	}
	a, err := c.send(ctx, k)
	if err != nil {
		return nil, time.Time{}, "", false, err
	}
	switch a.status {
	case http.StatusOK:
	case http.StatusNotModified:
		if etag == "" {
			return nil, time.Time{}, "", false, c.fail(k, firmware.EBADANSWER, nil, "HTTP 304 to a request without If-None-Match")
		}
		newETag = a.header.Get("ETag")
		if newETag == "" {
			newETag = etag
		}
		return nil, time.Time{}, newETag, true, nil
	default:
		return nil, time.Time{}, "", false, c.statusError(k, a)
	}
	if err := c.checkSize(k, a); err != nil {
		return nil, time.Time{}, "", false, err
	}
	var body struct {
		Procedures []firmware.Procedure `json:"procedures"`
		AsOf       time.Time            `json:"as_of"`
	}
	if err := decode(a.body, &body); err != nil {
		return nil, time.Time{}, "", false, c.fail(k, firmware.EBADANSWER, nil, "%v", err)
	}
	// An empty list is a catalog; a missing one is a broken answer that
	// must not wipe the catalog the kiosk holds.
	switch {
	case body.Procedures == nil:
		return nil, time.Time{}, "", false, c.fail(k, firmware.EBADANSWER, nil, "procedures required")
	case body.AsOf.IsZero():
		return nil, time.Time{}, "", false, c.fail(k, firmware.EBADANSWER, nil, "as_of required")
	}
	for i := range body.Procedures {
		if err := body.Procedures[i].Validate(); err != nil {
			return nil, time.Time{}, "", false, c.fail(k, firmware.EBADANSWER, nil, "%s", firmware.ErrorMessage(err))
		}
	}
	return body.Procedures, body.AsOf, a.header.Get("ETag"), false, nil
}

// Rating scores, as the rating screen offers them (DESIGN §4).
const (
	ScoreUnsatisfied   = 1 // Không hài lòng
	ScoreSatisfied     = 2 // Hài lòng
	ScoreVerySatisfied = 3 // Rất hài lòng
)

// Rating is a citizen's satisfaction rating, the body of POST /v1/ratings.
type Rating struct {
	KioskID string    `json:"kiosk_id"` // "" takes Opts.KioskID
	At      time.Time `json:"at"`
	Score   int       `json:"score"`   // ScoreUnsatisfied … ScoreVerySatisfied
	Reasons []string  `json:"reasons"` // reason chips chosen, by their identifiers

	// DossierRef links the rating to a looked-up dossier without naming it:
	// the ledger's keyed hash of the code (DESIGN §8), never the plain code.
	DossierRef string `json:"dossier_ref,omitempty"`
}

// maxReasons bounds a rating's reasons: the screen offers a handful of chips.
const maxReasons = 16

// Validate returns an EINVALID error for a rating the contract refuses.
func (r *Rating) Validate() error {
	switch {
	case r.KioskID == "":
		return firmware.Errorf(firmware.EINVALID, "portal: rating: kiosk ID required")
	case r.At.IsZero():
		return firmware.Errorf(firmware.EINVALID, "portal: rating: time required")
	case r.Score < ScoreUnsatisfied || r.Score > ScoreVerySatisfied:
		return firmware.Errorf(firmware.EINVALID, "portal: rating: score %d out of 1..3", r.Score)
	case len(r.Reasons) > maxReasons:
		return firmware.Errorf(firmware.EINVALID, "portal: rating: more than %d reasons", maxReasons)
	}
	for i, s := range r.Reasons {
		if s == "" {
			return firmware.Errorf(firmware.EINVALID, "portal: rating: reason %d is empty", i)
		}
	}
	return nil
}

// SubmitRating posts r. The portal answers 202; any 2xx whose body is
// empty or JSON is taken as accepted (a page instead is EBADANSWER). Failures are those of Health, and EINVALID for a rating that
// fails Validate (checked before any request).
func (c *Client) SubmitRating(ctx context.Context, r Rating) error {
	k := call{op: opRating, method: http.MethodPost, path: "/v1/ratings", timeout: c.opts.SyncTimeout}
	if r.KioskID == "" {
		r.KioskID = c.opts.KioskID
	}
	if r.Reasons == nil {
		r.Reasons = []string{} // the contract's reasons is a list, never null
	}
	if err := r.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return c.fail(k, firmware.EINTERNAL, nil, "cannot encode the rating")
	}
	k.body = body
	a, err := c.send(ctx, k)
	if err != nil {
		return err
	}
	if a.status < 200 || a.status > 299 {
		return c.statusError(k, a)
	}
	// A captive portal or a misrouted proxy answers 200 with a page: that
	// is not the portal taking the rating, and the kiosk must keep it.
	if b := bytes.TrimSpace(a.body); a.over || (len(b) > 0 && !json.Valid(b)) {
		return c.fail(k, firmware.EBADANSWER, nil, "HTTP %d with a body that is not JSON", a.status)
	}
	return nil
}
