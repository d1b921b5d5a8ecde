package portal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

func TestSendRating(t *testing.T) {
	sim := portalsim.New(nil)
	srv := httptest.NewServer(sim)
	defer srv.Close()
	c, err := portal.New(srv.URL, &portal.Opts{KioskID: "k-1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := firmware.RatingRecord{ID: 7, At: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), Score: firmware.RatingUnhappy,
		Reasons: []string{firmware.ReasonSlow}, DossierRef: strings.Repeat("ab", 32)}
	// A captive portal's page is not the portal taking the rating.
	sim.SetFault(portalsim.Garbage)
	if err := c.SendRating(ctx, r); firmware.ErrorCode(err) != firmware.EBADANSWER {
		t.Fatalf("garbage: %v", err)
	}
	sim.SetFault(portalsim.None)
	if err := c.SendRating(ctx, r); err != nil {
		t.Fatal(err)
	}
	got := sim.Ratings()
	if len(got) != 1 || got[0].Score != 1 || got[0].Reasons[0] != firmware.ReasonSlow || got[0].DossierRef != r.DossierRef || got[0].KioskID != "k-1" {
		t.Fatalf("portal got %+v", got)
	}
	// A 2xx with an empty or JSON body is accepted.
	for _, body := range []string{"", `{"accepted":true}`} {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusAccepted)
			w.Write([]byte(body))
		}))
		c2, _ := portal.New(s.URL, &portal.Opts{KioskID: "k-1"})
		if err := c2.SendRating(ctx, r); err != nil {
			t.Errorf("body %q: %v", body, err)
		}
		s.Close()
	}
}
