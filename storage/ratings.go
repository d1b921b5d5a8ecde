package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Ratings is the queue of ratings waiting for the portal, in the
// rating_queue table.
type Ratings struct {
	db *DB
}

var _ firmware.RatingQueue = (*Ratings)(nil)

// NewRatings returns the rating queue kept in db.
func NewRatings(db *DB) *Ratings { return &Ratings{db: db} }

// Enqueue stores r and returns its ID once it is on disk.
func (q *Ratings) Enqueue(ctx context.Context, r firmware.RatingRecord) (int64, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	reasons := r.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	body, err := json.Marshal(reasons)
	if err != nil {
		return 0, diskError("rating enqueue", err)
	}
	res, err := q.db.write.ExecContext(ctx, `
		INSERT INTO rating_queue (at_unix_ms, score, reasons, dossier_ref, lang) VALUES (?, ?, ?, ?, ?)`,
		r.At.UnixMilli(), int(r.Score), string(body), r.DossierRef, r.Lang)
	if err != nil {
		return 0, diskError("rating enqueue", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, diskError("rating enqueue", err)
	}
	return id, nil
}

// Pending returns up to limit unsent ratings, those that failed fewest
// times first (so one the portal keeps refusing cannot hold up the rest),
// then oldest first; limit <= 0 means all.
func (q *Ratings) Pending(ctx context.Context, limit int) ([]firmware.RatingRecord, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := q.db.read.QueryContext(ctx, `
		SELECT id, at_unix_ms, score, reasons, dossier_ref, lang, attempts, last_error
		FROM rating_queue WHERE sent_unix_ms IS NULL ORDER BY attempts, id LIMIT ?`, limit)
	if err != nil {
		return nil, diskError("rating pending", err)
	}
	defer rows.Close()
	var out []firmware.RatingRecord
	for rows.Next() {
		var r firmware.RatingRecord
		var at int64
		var score int
		var reasons string
		if err := rows.Scan(&r.ID, &at, &score, &reasons, &r.DossierRef, &r.Lang, &r.Attempts, &r.LastError); err != nil {
			return nil, diskError("rating pending", err)
		}
		r.At = time.UnixMilli(at).UTC()
		r.Score = firmware.Rating(score)
		if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
			return nil, diskError("rating pending", fmt.Errorf("reasons: %w", err))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, diskError("rating pending", err)
	}
	return out, nil
}

// MarkSent records that the portal accepted rating id.
func (q *Ratings) MarkSent(ctx context.Context, id int64, at time.Time) error {
	if _, err := q.db.write.ExecContext(ctx, `UPDATE rating_queue SET sent_unix_ms = ? WHERE id = ?`,
		at.UnixMilli(), id); err != nil {
		return diskError("rating sent", err)
	}
	return nil
}

// MarkFailed counts a failed send of rating id.
func (q *Ratings) MarkFailed(ctx context.Context, id int64, errCode string) error {
	if _, err := q.db.write.ExecContext(ctx,
		`UPDATE rating_queue SET attempts = attempts + 1, last_error = ? WHERE id = ?`, errCode, id); err != nil {
		return diskError("rating failed", err)
	}
	return nil
}

// PendingCount returns how many ratings wait for the portal.
func (q *Ratings) PendingCount(ctx context.Context) (int, error) {
	var n int
	if err := q.db.read.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM rating_queue WHERE sent_unix_ms IS NULL`).Scan(&n); err != nil {
		return 0, diskError("rating count", err)
	}
	return n, nil
}
