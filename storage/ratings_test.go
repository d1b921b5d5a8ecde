package storage

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

func TestRatingsQueue(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			q := NewRatings(mustOpen(t, o.path(t)))
			at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
			ref := strings.Repeat("0f", 32)
			id1, err := q.Enqueue(ctx, firmware.RatingRecord{At: at, Score: firmware.RatingVeryHappy,
				Reasons: []string{firmware.ReasonFast, firmware.ReasonFriendly}, DossierRef: ref, Lang: "vi"})
			if err != nil {
				t.Fatal(err)
			}
			id2, err := q.Enqueue(ctx, firmware.RatingRecord{At: at.Add(time.Minute), Score: firmware.RatingUnhappy, Lang: "en"})
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []firmware.RatingRecord{
				{At: at, Score: 0}, {Score: 2}, {At: at, Score: 2, DossierRef: "000.00.13.H06-241105-0042"},
				{At: at, Score: 2, Reasons: []string{""}},
			} {
				if _, err := q.Enqueue(ctx, bad); firmware.ErrorCode(err) != firmware.EINVALID {
					t.Errorf("enqueue %+v: %v", bad, err)
				}
			}
			p, err := q.Pending(ctx, 0)
			if err != nil || len(p) != 2 || p[0].ID != id1 || p[0].Score != 3 || len(p[0].Reasons) != 2 ||
				p[0].DossierRef != ref || !p[0].At.Equal(at) || p[1].ID != id2 {
				t.Fatalf("pending = %+v, %v", p, err)
			}
			// A failing rating goes behind the others.
			if err := q.MarkFailed(ctx, id1, firmware.EBADANSWER); err != nil {
				t.Fatal(err)
			}
			p, _ = q.Pending(ctx, 1)
			if len(p) != 1 || p[0].ID != id2 {
				t.Fatalf("after a failure, first pending = %+v", p)
			}
			if err := q.MarkSent(ctx, id2, at); err != nil {
				t.Fatal(err)
			}
			p, _ = q.Pending(ctx, 10)
			if len(p) != 1 || p[0].ID != id1 || p[0].Attempts != 1 || p[0].LastError != firmware.EBADANSWER {
				t.Fatalf("pending = %+v", p)
			}
			if n, _ := q.PendingCount(ctx); n != 1 {
				t.Errorf("pending count %d", n)
			}
		})
	}
}

// TestRatingsAcrossRestart rates with the portal down, restarts the kiosk,
// and sends the ratings once the portal is back: none is lost.
func TestRatingsAcrossRestart(t *testing.T) {
	ctx := context.Background()
	sim := portalsim.New(nil)
	sim.SetFault(portalsim.Down)
	srv := httptest.NewServer(sim)
	defer srv.Close()
	path := tempPath(t)

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	k := citizenKiosk(t, db, srv.URL, time.Now)
	for i, s := range []firmware.Rating{firmware.RatingVeryHappy, firmware.RatingHappy, firmware.RatingUnhappy} {
		if err := k.Citizen.Rate(ctx, s, firmware.RatingReasons(s)[:1], "000.00.13.H06-241105-0042", "vi"); err != nil {
			t.Fatal(i, err)
		}
	}
	if n, err := k.Citizen.SendRatings(ctx); n != 0 || err == nil {
		t.Fatalf("sent %d to a portal that is down", n)
	}
	db.Close()

	sim.SetFault(portalsim.None)
	db = mustOpen(t, path)
	k = citizenKiosk(t, db, srv.URL, time.Now)
	if n, err := k.Citizen.SendRatings(ctx); n != 3 || err != nil {
		t.Fatalf("after restart: sent %d, %v", n, err)
	}
	// The one whose send failed goes last; each keeps its own time.
	got := sim.Ratings()
	scores := map[int]bool{}
	for _, r := range got {
		scores[r.Score] = true
		if r.DossierRef != k.CodeRef("000.00.13.H06-241105-0042") || r.KioskID != "kiosk-1" {
			t.Errorf("portal got %+v", r)
		}
	}
	if len(got) != 3 || len(scores) != 3 {
		t.Fatalf("portal got %+v", got)
	}
	if n, _ := NewRatings(db).PendingCount(ctx); n != 0 {
		t.Errorf("%d still pending", n)
	}
	// The ledger counted each rating by its score.
	evs, err := NewLedger(db).Events(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	outcomes := ""
	for _, e := range evs {
		if e.Kind == firmware.KindRating {
			outcomes += e.Outcome
		}
	}
	if outcomes != "321" {
		t.Errorf("ledger rating outcomes %q", outcomes)
	}
}

// Compact deletes the ratings the portal accepted before the retention's
// cutoff, and keeps those sent since and those never sent, however old.
func TestCompact_DeletesSentRatings(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, tempPath(t))
	q, l := NewRatings(db), NewLedger(db)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, firmware.Vietnam)
	keep := 30 * 24 * time.Hour
	old, recent := now.Add(-40*24*time.Hour), now.Add(-2*24*time.Hour)
	ids := map[string]int64{}
	for _, r := range []struct {
		name     string
		at, sent time.Time
	}{
		{"sent long ago", old, old.Add(time.Hour)},
		{"old, sent lately", old, recent},
		{"never sent", old, time.Time{}},
		{"recent", recent, recent},
	} {
		id, err := q.Enqueue(ctx, firmware.RatingRecord{At: r.at, Score: firmware.RatingHappy, DossierRef: strings.Repeat("ab", 32)})
		if err != nil {
			t.Fatal(err)
		}
		if !r.sent.IsZero() {
			if err := q.MarkSent(ctx, id, r.sent); err != nil {
				t.Fatal(err)
			}
		}
		ids[r.name] = id
	}
	st, err := l.Compact(ctx, now, keep)
	if err != nil {
		t.Fatal(err)
	}
	if st.Ratings != 1 {
		t.Errorf("Compact deleted %d ratings, want 1", st.Ratings)
	}
	left := map[int64]bool{}
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM rating_queue`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		left[id] = true
	}
	rows.Close()
	for name, id := range ids {
		if want := name != "sent long ago"; left[id] != want {
			t.Errorf("%s: kept = %v, want %v", name, left[id], want)
		}
	}
}
