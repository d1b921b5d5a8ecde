package portal

import (
	"context"

	"github.com/motcua/kiosk/firmware"
)

var (
	_ firmware.CatalogSource = (*Client)(nil)
	_ firmware.RatingSink    = (*Client)(nil)
)

// SendRating posts a queued rating (firmware.RatingSink): SubmitRating
// with the record's time, score, reasons and dossier reference, and the
// client's kiosk ID.
func (c *Client) SendRating(ctx context.Context, r firmware.RatingRecord) error {
	return c.SubmitRating(ctx, Rating{
		At:         r.At,
		Score:      int(r.Score),
		Reasons:    r.Reasons,
		DossierRef: r.DossierRef,
	})
}
